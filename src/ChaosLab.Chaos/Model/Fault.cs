using ChaosLab.Chaos.Targets;

namespace ChaosLab.Chaos.Model;

/// <summary>Common ground of the built-in faults: a fresh id and the list of touched containers.</summary>
public abstract class Fault : IFault
{
    private readonly List<string> _touched = [];

    public string Id { get; } = Guid.NewGuid().ToString("N")[..10];

    public abstract string Name { get; }

    public virtual TimeSpan VerifyTimeout => TimeSpan.FromSeconds(20);

    public IReadOnlyList<string> TouchedContainers => _touched;

    /// <summary>Declared here (not left to the interface's default) so that a fault's override is what IFault callers see.</summary>
    public virtual IReadOnlyCollection<string> HelperProcesses => [];

    public abstract string Describe();

    public abstract Task<string> InjectAsync(ChaosEnvironment env, CancellationToken ct);

    public abstract Task<Check> VerifyEffectAsync(ChaosEnvironment env, CancellationToken ct);

    public abstract Task<string> HealAsync(ChaosEnvironment env, CancellationToken ct);

    public abstract Task<Check> VerifyHealedAsync(ChaosEnvironment env, CancellationToken ct);

    protected void Touch(ChaosNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (!_touched.Contains(node.Container))
        {
            _touched.Add(node.Container);
        }
    }

    protected static string Names(IEnumerable<ChaosNode> nodes) => string.Join(", ", nodes.Select(n => n.Name));
}
