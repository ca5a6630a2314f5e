using System.Text.Json;
using ChaosLab.Lab;

namespace ChaosLab.Chaos.Engine;

/// <summary>One active fault as written to disk, enough for a later run to heal it after a crash.</summary>
public sealed record ActiveFaultRecord(
    string Id,
    string Name,
    string Description,
    string Owner,
    DateTimeOffset InjectedAt,
    IReadOnlyList<string> Containers,
    IReadOnlyList<string> Helpers)
{
    /// <summary>The owner of a fault left in place on purpose; only `chaoslab chaos heal` heals it.</summary>
    public const string HeldOwner = "held";
}

/// <summary>
/// The faults active in one environment (~/.chaoslab/chaos/SCOPE.json), written before a fault is
/// injected and updated when it heals. What the sweeper reads after a crash.
/// </summary>
public sealed class ChaosStateFile(string scope, string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly Lock FileLock = new();

    public static string Directory => System.IO.Path.Combine(LabPaths.Home, "chaos");

    public ChaosStateFile(string scope)
        : this(scope, Directory)
    {
    }

    public string Path { get; } = System.IO.Path.Combine(directory, scope + ".json");

    public static IReadOnlyList<ChaosStateFile> All() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.json").Select(f => new ChaosStateFile(System.IO.Path.GetFileNameWithoutExtension(f))).ToList()
            : [];

    public IReadOnlyList<ActiveFaultRecord> Read()
    {
        lock (FileLock)
        {
            try
            {
                return File.Exists(Path) ? JsonSerializer.Deserialize<List<ActiveFaultRecord>>(File.ReadAllText(Path), Json) ?? [] : [];
            }
            catch (JsonException ex)
            {
                throw new ChaosException($"{Path}: the chaos state file is damaged ({ex.Message}); `chaoslab chaos heal` sweeps every lab node without it", ex);
            }
        }
    }

    public void Upsert(ActiveFaultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Update(records => [.. records.Where(r => r.Id != record.Id), record]);
    }

    public void Remove(string faultId) => Update(records => records.Where(r => r.Id != faultId).ToList());

    public void Delete()
    {
        lock (FileLock)
        {
            DeleteFile();
        }
    }

    // File.Delete tolerates a missing file but not a missing folder, and a run that never injected a fault has neither.
    private void DeleteFile()
    {
        if (File.Exists(Path))
        {
            File.Delete(Path);
        }
    }

    private void Update(Func<IReadOnlyList<ActiveFaultRecord>, IReadOnlyList<ActiveFaultRecord>> change)
    {
        lock (FileLock)
        {
            var records = change(Read());
            if (records.Count == 0)
            {
                DeleteFile();
                return;
            }
            System.IO.Directory.CreateDirectory(directory);
            var temp = Path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(records, Json));
            File.Move(temp, Path, overwrite: true);
        }
    }
}
