using System.Security.Cryptography;
using System.Text;

namespace ChaosLab.Network;

/// <summary>
/// The host end of a pod's veth pair: "veth" and 8 hex digits of SHA-256(podId). The name is derived,
/// not stored, so DEL finds the device from the pod id alone, and it fits Linux's 15-character limit.
/// </summary>
public static class VethName
{
    public const string Prefix = "veth";

    public static string For(string podId)
    {
        ArgumentException.ThrowIfNullOrEmpty(podId);
        return Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(podId)), 0, 4);
    }
}
