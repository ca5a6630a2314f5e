using System.Globalization;
using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Printing;

/// <summary>kubectl get events: Last Seen, Type, Reason, Object ("pod/web-1"), Message; more with -o wide.</summary>
public sealed class EventPrinter : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "The field of the object this event is about, e.g. spec.containers{name}.", 1),
        new("Source", "string", "The component reporting this event.", 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded.", 1),
        new("Count", "string", "The number of times this event has occurred.", 1),
        new TableColumn("Name", "string", "Name must be unique within a namespace. Cannot be updated.", 1, "name"),
    ];

    public JsonArray Cells(JsonObject obj, DateTimeOffset now)
    {
        var firstSeen = obj.Has("firstTimestamp") ? HumanDuration.Since(obj.Time("firstTimestamp"), now)
            : HumanDuration.Since(obj.Time("eventTime"), now);
        var lastSeen = obj.Has("lastTimestamp") ? HumanDuration.Since(obj.Time("lastTimestamp"), now) : firstSeen;
        var count = obj.Long("count");
        if (obj.At("series") is JsonObject series)
        {
            lastSeen = HumanDuration.Since(series.Time("lastObservedTime"), now);
            count = series.Long("count");
        }
        else if (count == 0)
        {
            // Events written through events.k8s.io carry no count for a single occurrence.
            count = 1;
        }

        var kind = obj.Str("involvedObject", "kind").ToLower(CultureInfo.InvariantCulture);
        var target = obj.Str("involvedObject", "name") is { Length: > 0 } name ? $"{kind}/{name}" : kind;
        return new JsonArray(
            lastSeen, obj.Str("type"), obj.Str("reason"), target, obj.Str("involvedObject", "fieldPath"), Source(obj),
            obj.Str("message").Trim(), firstSeen, count, obj.Name());
    }

    private static string Source(JsonObject e)
    {
        var component = e.Str("source", "component") is { Length: > 0 } c ? c : e.Str("reportingComponent");
        var instance = e.Str("source", "host") is { Length: > 0 } h ? h : e.Str("reportingInstance");
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }
}
