namespace ChaosLab.Scheduler.Framework;

/// <summary>A hard constraint: can <c>pod</c> run on <c>node</c> at all? (upstream's FilterPlugin)</summary>
public interface IFilterPlugin
{
    string Name { get; }

    FilterStatus Filter(PodInfo pod, NodeInfo node);
}
