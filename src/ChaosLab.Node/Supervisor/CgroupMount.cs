namespace ChaosLab.Node.Supervisor;

/// <summary>One cgroup mount of /proc/self/mountinfo.</summary>
internal sealed record CgroupMount(string MountPoint, string Type, bool ReadOnly)
{
    private const string Root = "/sys/fs/cgroup";

    /// <summary>
    /// mountinfo lines read "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTIONS";
    /// the mount's own read-only flag is in OPTIONS.
    /// </summary>
    public static IReadOnlyList<CgroupMount> Read(string mountinfo)
    {
        ArgumentNullException.ThrowIfNull(mountinfo);
        var mounts = new List<CgroupMount>();
        foreach (var line in mountinfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 6 || separator < 6 || separator + 1 >= fields.Length)
            {
                continue;
            }
            var type = fields[separator + 1];
            if (type is "cgroup" or "cgroup2" && fields[4].StartsWith(Root, StringComparison.Ordinal))
            {
                mounts.Add(new CgroupMount(fields[4], type, fields[5].Split(',').Contains("ro")));
            }
        }
        return mounts;
    }
}
