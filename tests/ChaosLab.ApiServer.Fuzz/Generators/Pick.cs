using CsCheck;

namespace ChaosLab.ApiServer.Fuzz.Generators;

/// <summary>
/// CsCheck's OneOf and Frequency over generators. Gen.OneOf(a, b) on two Gen&lt;T&gt; would bind to the overload of
/// constants and make a Gen&lt;Gen&lt;T&gt;&gt;; these take generators only.
/// </summary>
public static class Pick
{
    public static Gen<T> OneOf<T>(params Gen<T>[] gens) => Gen.OneOf<T>(gens);

    public static Gen<T> Frequency<T>(params (int Weight, Gen<T> Gen)[] gens) =>
        Gen.Frequency<T>([.. gens.Where(g => g.Weight > 0).Select(g => (g.Weight, (IGen<T>)g.Gen))]);
}
