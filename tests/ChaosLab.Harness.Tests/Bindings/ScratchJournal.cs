using System.Collections.Concurrent;

namespace ChaosLab.Harness.Tests.Bindings;

/// <summary>What the scratch bindings did, in order, so that adapter tests can check hooks, backgrounds and injection.</summary>
public static class ScratchJournal
{
    private static readonly ConcurrentQueue<string> Entries = new();

    public static void Record(string entry) => Entries.Enqueue(entry);

    public static IReadOnlyList<string> Read() => [.. Entries];

    public static void Clear() => Entries.Clear();
}
