using System.Text;

namespace ChaosLab.KubeProxy.Rules;

/// <summary>
/// One table of an <c>iptables-restore --noflush</c> input: chain declarations (":CHAIN - [0:0]",
/// which create or flush a chain), then rules, then COMMIT. Only the chains declared here are
/// touched; built-in chains are never declared, so they are never flushed.
/// </summary>
internal sealed class RestoreTable(string name)
{
    private readonly List<string> _chains = [];
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);
    private readonly StringBuilder _rules = new();

    public string Name => name;

    public int RuleCount { get; private set; }

    public IReadOnlyList<string> Chains => _chains;

    /// <summary>Declares a chain once; returns false (and does nothing) if it was already declared.</summary>
    public bool Chain(string chain)
    {
        if (!_declared.Add(chain))
        {
            return false;
        }
        _chains.Add(chain);
        return true;
    }

    public bool Declares(string chain) => _declared.Contains(chain);

    /// <summary>Appends "-A chain words..." and counts it.</summary>
    public void Append(string chain, params IEnumerable<string> words)
    {
        _rules.Append("-A ").Append(chain);
        foreach (var word in words)
        {
            _rules.Append(' ').Append(word);
        }
        _rules.Append('\n');
        RuleCount++;
    }

    /// <summary>Deletes a (declared, hence flushed) chain at the end of the transaction.</summary>
    public void Delete(string chain) => _rules.Append("-X ").Append(chain).Append('\n');

    public void WriteTo(StringBuilder text)
    {
        text.Append('*').Append(name).Append('\n');
        foreach (var chain in _chains)
        {
            text.Append(':').Append(chain).Append(" - [0:0]\n");
        }
        text.Append(_rules).Append("COMMIT\n");
    }

    /// <summary>A comment argument pair; quoted when it has spaces, as iptables-save prints it.</summary>
    public static string[] Comment(string text) =>
        ["-m", "comment", "--comment", text.Contains(' ', StringComparison.Ordinal) ? $"\"{text}\"" : text];
}
