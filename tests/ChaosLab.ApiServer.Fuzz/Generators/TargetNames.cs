using ChaosLab.ApiServer.Fuzz.Support;
using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>The name a request aims at: mostly the kind's seed, which exists, so that writes reach decoding and validation rather than a 404.</summary>
public static class TargetNames
{
    public static Gen<string> Of(FuzzScope scope, ServedKind kind)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var names = scope.Names(kind);
        return Gen.Frequency([(8, names[0]), .. names.Skip(1).Select(n => (1, n))]);
    }
}
