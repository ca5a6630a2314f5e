using ARSoft.Tools.Net.Dns;

namespace ChaosLab.Dns.Records;

/// <summary>What the cluster zone answers for one question: the response code and the records of each section.</summary>
public sealed record DnsLookupResult(
    ReturnCode Code,
    IReadOnlyList<DnsRecordBase> Answers,
    IReadOnlyList<DnsRecordBase> Authority,
    IReadOnlyList<DnsRecordBase> Additional)
{
    /// <summary>For names outside the cluster domain: this server forwards nowhere, so traffic never leaves the lab.</summary>
    public static DnsLookupResult Refused { get; } = new(ReturnCode.Refused, [], [], []);
}
