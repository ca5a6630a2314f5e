using ChaosLab.ApiServer.Mutants;
using ChaosLab.ApiServer.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosLab.ApiServer.Tests.Mutants;

[Category("Unit")]
public sealed class ApiServerMutantsTests
{
    private const string Etcd = "--etcd-servers=https://127.0.0.1:2379";

    [Test]
    public void The_flag_selects_a_mutant_and_refuses_unknown_ones()
    {
        Assert.That(ApiServerOptions.Parse([Etcd]).Mutant, Is.Null);
        Assert.That(ApiServerOptions.Parse([Etcd, "--mutant=apiserver-stale-reads"]).Mutant, Is.EqualTo(ApiServerMutants.StaleReads));
        var error = Assert.Throws<ArgumentException>(() => ApiServerOptions.Parse([Etcd, "--mutant", "apiserver-naps"]));
        Assert.That(error!.Message, Does.Contain("kube-apiserver's mutants: apiserver-early-ack, apiserver-stale-reads"));
    }

    [Test]
    public async Task The_stale_memo_answers_the_first_read_until_it_is_five_seconds_old()
    {
        var clock = new Clock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var memo = new StaleReadMemo(clock);
        var revision = 1L;
        Task<StoredValue?> Read() => Task.FromResult<StoredValue?>(new StoredValue("/registry/configmaps/ns/a", new byte[] { 1 }, revision++, 1));

        var first = await memo.GetAsync("/registry/configmaps/ns/a", Read);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        var stale = await memo.GetAsync("/registry/configmaps/ns/a", Read);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var fresh = await memo.GetAsync("/registry/configmaps/ns/a", Read);

        Assert.That((first!.ModRevision, stale!.ModRevision, fresh!.ModRevision), Is.EqualTo((1L, 1L, 2L)));
    }

    [Test]
    public async Task The_write_behind_buffer_answers_at_once_commits_later_and_drops_a_failed_commit_silently()
    {
        var buffer = new WriteBehindBuffer(NullLogger.Instance);
        var committed = new TaskCompletionSource();

        var answered = buffer.Acknowledge("/registry/configmaps/ns/a", _ => { committed.SetResult(); return Task.FromResult(7L); }, guessedRevision: 5);
        var failing = buffer.Acknowledge("/registry/configmaps/ns/b", _ => throw new StorageException(StorageError.Conflict, "changed"), guessedRevision: 9);

        Assert.That((answered, failing), Is.EqualTo((5L, 9L)));
        Assert.That(committed.Task.IsCompleted, Is.False, "nothing is committed when the write is answered");
        await committed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100 && buffer.Pending > 0; i++)
        {
            await Task.Delay(50);
        }
        Assert.That(buffer.Pending, Is.Zero);
    }

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
