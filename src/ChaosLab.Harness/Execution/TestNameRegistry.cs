namespace ChaosLab.Harness.Execution;

/// <summary>Hands out test names unique within one catalog: a repeated name gets <c>_2</c>, <c>_3</c>, … appended.</summary>
internal sealed class TestNameRegistry
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Claim(string name)
    {
        if (_used.Add(name))
            return name;
        for (var n = 2; ; n++)
        {
            var candidate = $"{name}_{n}";
            if (_used.Add(candidate))
                return candidate;
        }
    }
}
