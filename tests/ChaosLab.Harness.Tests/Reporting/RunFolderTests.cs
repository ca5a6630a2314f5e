using ChaosLab.Harness.Reporting;

namespace ChaosLab.Harness.Tests.Reporting;

[Category("Unit")]
public sealed class RunFolderTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 25, 16, 15, 0, TimeSpan.Zero);
    private string _root = "";

    [SetUp]
    public void CreateRoot() => _root = Path.Combine(Directory.CreateTempSubdirectory("chaoslab-reports-").FullName, "reports");

    [TearDown]
    public void DeleteRoot() => Directory.Delete(Path.GetDirectoryName(_root)!, recursive: true);

    [Test]
    public void Creates_a_folder_named_by_start_time_and_label()
    {
        var folder = RunFolder.Create(_root, Started, "ha");

        Assert.That(folder, Is.EqualTo(Path.Combine(_root, "20261125-161500-ha")));
        Assert.That(Directory.Exists(folder));
    }

    [TestCase("topology ha / fast", "topology-ha-fast")]
    [TestCase("../../etc", "etc")]
    [TestCase("  ", "run")]
    [TestCase("kubeconfig:/home/me/.kube/config", "kubeconfig-home-me-kube-config")]
    public void Sanitizes_the_label_into_one_safe_path_segment(string label, string expected)
    {
        var folder = RunFolder.Create(_root, Started, label);

        Assert.That(Path.GetFileName(folder), Is.EqualTo($"20261125-161500-{expected}"));
        Assert.That(Path.GetDirectoryName(folder), Is.EqualTo(Path.GetFullPath(_root)));
    }

    [Test]
    public void A_second_run_in_the_same_second_gets_its_own_folder()
    {
        var first = RunFolder.Create(_root, Started, "ha");
        var second = RunFolder.Create(_root, Started, "ha");

        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(Path.GetFileName(second), Is.EqualTo("20261125-161500-ha-2"));
    }
}
