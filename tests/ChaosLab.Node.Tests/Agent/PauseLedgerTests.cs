using ChaosLab.Node.Agent;

namespace ChaosLab.Node.Tests.Agent;

[Category("Unit")]
public sealed class PauseLedgerTests
{
    [Test]
    public void Paused_processes_are_kept_per_fault_with_their_deadline_until_forgotten()
    {
        var folder = Directory.CreateTempSubdirectory("ledger-").FullName;
        try
        {
            var ledger = new PauseLedger(folder);
            var at = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
            ledger.Record([new PausedProcess("f1", 10, 100, at), new PausedProcess("f1", 11, 101, at), new PausedProcess("f2", 12, 102, at)]);

            Assert.That(new PauseLedger(folder).All(), Is.EquivalentTo(new[]
            {
                new PausedProcess("f1", 10, 100, at), new PausedProcess("f1", 11, 101, at), new PausedProcess("f2", 12, 102, at),
            }));
            ledger.Forget("f1");
            Assert.That(ledger.All().Select(p => p.Pid), Is.EqualTo(new[] { 12 }));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
