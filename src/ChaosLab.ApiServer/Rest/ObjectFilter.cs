using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Resources;
using ChaosLab.ApiServer.Selectors;

namespace ChaosLab.ApiServer.Rest;

/// <summary>The label and field selectors of a list or watch, parsed once and checked against the resource.</summary>
public sealed class ObjectFilter
{
    private readonly LabelSelector? _labels;
    private readonly FieldSelector? _fields;

    public ObjectFilter(ResourceType type, string? labelSelector, string? fieldSelector)
    {
        ArgumentNullException.ThrowIfNull(type);
        _labels = string.IsNullOrWhiteSpace(labelSelector) ? null : LabelSelector.Parse(labelSelector);
        if (!string.IsNullOrWhiteSpace(fieldSelector))
        {
            _fields = FieldSelector.Parse(fieldSelector);
            SupportedFieldSelectors.Check(type, _fields);
        }
    }

    public bool Matches(JsonObject? obj) =>
        obj is not null
        && (_labels is null || _labels.Matches(ObjectMeta.Labels(obj)))
        && (_fields is null || _fields.Matches(obj));
}
