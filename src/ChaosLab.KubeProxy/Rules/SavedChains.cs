namespace ChaosLab.KubeProxy.Rules;

/// <summary>Reads chain names out of <c>iptables-save</c> output.</summary>
public static class SavedChains
{
    /// <summary>The chains declared (":NAME POLICY [p:b]") in <paramref name="table"/>'s section of the output.</summary>
    public static IReadOnlyList<string> Parse(string iptablesSave, string table)
    {
        ArgumentNullException.ThrowIfNull(iptablesSave);
        var chains = new List<string>();
        var inTable = false;
        foreach (var raw in iptablesSave.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('*'))
            {
                inTable = line[1..] == table;
            }
            else if (line == "COMMIT")
            {
                inTable = false;
            }
            else if (inTable && line.StartsWith(':') && line.Length > 1)
            {
                chains.Add(line[1..].Split(' ', 2)[0]);
            }
        }
        return chains;
    }
}
