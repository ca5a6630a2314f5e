using System.Globalization;

namespace ChaosLab.Node.Agent;

/// <summary>One process the agent paused, and when the agent resumes it on its own.</summary>
public sealed record PausedProcess(string FaultId, int Pid, long StartTicks, DateTimeOffset ResumeAt);

/// <summary>
/// The processes the agent paused, one file per fault in the agent's state folder, so that the agent's loop can
/// resume them at their deadline even when no harness asks (a paused kubelet cannot serve the exec that would).
/// </summary>
public sealed class PauseLedger(string folder)
{
    public void Record(IEnumerable<PausedProcess> paused)
    {
        ArgumentNullException.ThrowIfNull(paused);
        Directory.CreateDirectory(folder);
        foreach (var group in paused.GroupBy(p => p.FaultId))
        {
            var lines = group.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Pid} {p.StartTicks} {p.ResumeAt.ToUnixTimeMilliseconds()}"));
            File.AppendAllLines(PathOf(group.Key), lines);
        }
    }

    public IReadOnlyList<PausedProcess> All()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }
        var all = new List<PausedProcess>();
        foreach (var file in Directory.EnumerateFiles(folder, "pause-*"))
        {
            var id = Path.GetFileName(file)["pause-".Length..];
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split(' ');
                if (parts.Length == 3
                    && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                    && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
                {
                    all.Add(new PausedProcess(id, pid, start, DateTimeOffset.FromUnixTimeMilliseconds(at)));
                }
            }
        }
        return all;
    }

    public void Forget(string faultId) => File.Delete(PathOf(faultId));

    private string PathOf(string faultId) => Path.Combine(folder, "pause-" + faultId);
}
