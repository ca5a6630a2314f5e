using YamlDotNet.RepresentationModel;

namespace ChaosLab.Lab.Topology;

/// <summary>
/// The <c>images</c> field: images of the host's Docker engine that `up` loads into every node that runs pods,
/// beside the built-in ones, e.g. <c>images: [myapp:1, registry.local/tool:2.3]</c>.
/// </summary>
internal static class ImagesSection
{
    public static IReadOnlyList<TopologyImage> Read(YamlField? field, TopologyProblemCollector problems)
    {
        if (field is null)
            return [];
        if (field.Value is not YamlSequenceNode sequence)
        {
            problems.Add(field.Value, $"images must be a list of image references, e.g. [myapp:1], found {YamlValues.Describe(field.Value)}");
            return [];
        }
        var images = new List<TopologyImage>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlScalarNode { Value: { Length: > 0 } reference } || !IsReference(reference))
            {
                problems.Add(item, $"each image must be a reference such as myapp:1 or example.org/team/app@sha256:..., found {YamlValues.Describe(item)}");
                continue;
            }
            if (images.Any(i => i.Reference == reference))
            {
                problems.Add(item, $"image '{reference}' is listed twice");
                continue;
            }
            images.Add(new TopologyImage(reference, (int)item.Start.Line, (int)item.Start.Column));
        }
        return images;
    }

    /// <summary>Letters, digits and the separators of a Docker reference; no spaces or shell characters.</summary>
    private static bool IsReference(string text) =>
        text.Length <= 255 && char.IsAsciiLetterOrDigit(text[0])
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or ':' or '@');
}

/// <summary>An image a topology asks `up` to load, with where the file names it (for errors that point at the line).</summary>
public sealed record TopologyImage(string Reference, int Line, int Column);
