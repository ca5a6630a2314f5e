using ChaosLab.Chaos.Engine;

namespace ChaosLab.Chaos.Tests;

/// <summary>The state file of active faults on a machine that never injected one (no chaos folder yet).</summary>
[Category("Unit")]
public sealed class ChaosStateFileTests
{
    private string _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = Path.Combine(Path.GetTempPath(), "chaoslab-state-" + Guid.NewGuid().ToString("N"), "chaos");

    [TearDown]
    public void RemoveFolder()
    {
        var parent = Path.GetDirectoryName(_folder)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Test]
    public void Deleting_when_the_folder_does_not_exist_yet_is_not_an_error()
    {
        var file = new ChaosStateFile("lab-x", _folder);

        Assert.That(file.Read(), Is.Empty);
        Assert.DoesNotThrow(file.Delete);
        Assert.DoesNotThrow(() => file.Remove("fault-1"));
        Assert.That(Directory.Exists(_folder), Is.False, "reading and removing nothing creates no folder");
    }

    [Test]
    public void A_recorded_fault_is_read_back_and_removing_the_last_one_deletes_the_file()
    {
        var file = new ChaosStateFile("lab-x", _folder);
        file.Upsert(new ActiveFaultRecord("fault-1", "node-pause", "pause worker-1", "123", DateTimeOffset.UnixEpoch, ["c-1"], []));

        Assert.That(file.Read().Select(r => r.Id), Is.EqualTo(new[] { "fault-1" }));
        file.Remove("fault-1");
        Assert.That(File.Exists(file.Path), Is.False);
    }
}
