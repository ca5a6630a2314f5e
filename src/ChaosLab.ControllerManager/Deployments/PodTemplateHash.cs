using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using ChaosLab.ControllerManager.Common;
using k8s.Models;

namespace ChaosLab.ControllerManager.Deployments;

/// <summary>
/// The pod-template-hash label (upstream's controller.ComputeHash): FNV-32a over the template, plus the
/// collision count when set, written as the decimal number safe-encoded so it has no vowels and cannot
/// spell words. Upstream hashes a spew dump of the Go struct; we hash the template's canonical JSON
/// (sorted keys), which is stable for the same template in the same way.
/// </summary>
internal static class PodTemplateHash
{
    public const string LabelKey = "pod-template-hash";

    // k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot form bad words.
    private const string Alphanums = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = Fnv32a.Offset;
        hash = Fnv32a.Add(hash, Encoding.UTF8.GetBytes(ObjectJson.Canonical(template, dropZeroes: false)));
        if (collisionCount is { } count)
        {
            // Upstream writes an 8-byte buffer with the count in its first 4 bytes, little-endian.
            var bytes = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv32a.Add(hash, bytes);
        }
        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>apimachinery's rand.SafeEncodeString: each character c becomes Alphanums[c % 27].</summary>
    public static string SafeEncode(string text) =>
        string.Concat(text.Select(c => Alphanums[c % Alphanums.Length]));

    private static class Fnv32a
    {
        public const uint Offset = 2166136261;
        private const uint Prime = 16777619;

        public static uint Add(uint hash, ReadOnlySpan<byte> bytes)
        {
            foreach (var b in bytes)
            {
                hash ^= b;
                hash = unchecked(hash * Prime);
            }
            return hash;
        }
    }
}
