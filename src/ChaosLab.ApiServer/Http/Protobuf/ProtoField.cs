namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>What a field's value is, on the wire and in the JSON it becomes.</summary>
internal enum ProtoType
{
    String,
    /// <summary>Raw bytes; base64 in JSON, as Go's encoding/json writes a []byte.</summary>
    Bytes,
    /// <summary>A varint cut to its low 32 bits, so a negative int32 (sent as a 10-byte varint) comes back negative.</summary>
    Int32,
    Int64,
    Bool,
    /// <summary>Another message of the schema, named by <see cref="ProtoField.Message"/>.</summary>
    Message,
    /// <summary>metav1.Time, {seconds int64 = 1, nanos int32 = 2}: RFC 3339 to the second, as its JSON is.</summary>
    Time,
    /// <summary>metav1.MicroTime, the same message: RFC 3339 with six fractional digits.</summary>
    MicroTime,
    /// <summary>resource.Quantity, {string = 1}: the quantity's string.</summary>
    Quantity,
    /// <summary>intstr.IntOrString, {type int64 = 1, intVal int32 = 2, strVal string = 3}: a JSON number or string.</summary>
    IntOrString,
    /// <summary>runtime.RawExtension, {raw bytes = 1}: the raw bytes are JSON and stand as they are.</summary>
    RawExtension,
    /// <summary>A named []string sent as a message {items repeated string = 1} (authorization's ExtraValue): a JSON array.</summary>
    StringList,
}

/// <summary>How a field holds its value.</summary>
internal enum FieldShape
{
    /// <summary>A plain Go field: Go writes it even when zero, and JSON omits a zero, so a zero value is dropped.</summary>
    Single,
    /// <summary>A Go pointer: on the wire only when set, so even a zero value ("", 0, false, {}) is kept.</summary>
    Pointer,
    /// <summary>A list: one wire value per element, or for varints also one packed run.</summary>
    Repeated,
    /// <summary>map&lt;string, T&gt;: entries are messages {key = 1, value = 2}.</summary>
    Map,
    /// <summary>An embedded Go struct (json:",inline"): a message on the wire, its fields at the parent's level in JSON.</summary>
    Inline,
}

/// <summary>One field of a message: its JSON name, its type and shape, and for messages the message's schema name.</summary>
internal sealed record ProtoField(string Json, ProtoType Type, FieldShape Shape = FieldShape.Single, string? Message = null);

/// <summary>A message's fields by field number.</summary>
internal sealed class ProtoMessage : Dictionary<int, ProtoField>;

/// <summary>
/// Short constructors for the schema tables, so one field reads as `[3] = Str("namespace")`. A `Ptr` suffix marks a
/// Go pointer (<see cref="FieldShape.Pointer"/>); a plural marks a list.
/// </summary>
internal static class ProtoFields
{
    public static ProtoField Str(string json) => new(json, ProtoType.String);

    public static ProtoField StrPtr(string json) => new(json, ProtoType.String, FieldShape.Pointer);

    public static ProtoField Strs(string json) => new(json, ProtoType.String, FieldShape.Repeated);

    public static ProtoField StrMap(string json) => new(json, ProtoType.String, FieldShape.Map);

    public static ProtoField Bytes(string json) => new(json, ProtoType.Bytes);

    public static ProtoField BytesMap(string json) => new(json, ProtoType.Bytes, FieldShape.Map);

    public static ProtoField I32(string json) => new(json, ProtoType.Int32);

    public static ProtoField I32Ptr(string json) => new(json, ProtoType.Int32, FieldShape.Pointer);

    public static ProtoField I32s(string json) => new(json, ProtoType.Int32, FieldShape.Repeated);

    public static ProtoField I64(string json) => new(json, ProtoType.Int64);

    public static ProtoField I64Ptr(string json) => new(json, ProtoType.Int64, FieldShape.Pointer);

    public static ProtoField I64s(string json) => new(json, ProtoType.Int64, FieldShape.Repeated);

    public static ProtoField Bool(string json) => new(json, ProtoType.Bool);

    public static ProtoField BoolPtr(string json) => new(json, ProtoType.Bool, FieldShape.Pointer);

    public static ProtoField Message(string json, string message) => new(json, ProtoType.Message, FieldShape.Single, message);

    public static ProtoField MessagePtr(string json, string message) => new(json, ProtoType.Message, FieldShape.Pointer, message);

    public static ProtoField Messages(string json, string message) => new(json, ProtoType.Message, FieldShape.Repeated, message);

    public static ProtoField Inline(string message) => new("", ProtoType.Message, FieldShape.Inline, message);

    public static ProtoField Time(string json) => new(json, ProtoType.Time);

    public static ProtoField TimePtr(string json) => new(json, ProtoType.Time, FieldShape.Pointer);

    public static ProtoField TimeMap(string json) => new(json, ProtoType.Time, FieldShape.Map);

    public static ProtoField MicroTime(string json) => new(json, ProtoType.MicroTime);

    public static ProtoField MicroTimePtr(string json) => new(json, ProtoType.MicroTime, FieldShape.Pointer);

    public static ProtoField Quantity(string json) => new(json, ProtoType.Quantity);

    public static ProtoField QuantityPtr(string json) => new(json, ProtoType.Quantity, FieldShape.Pointer);

    public static ProtoField QuantityMap(string json) => new(json, ProtoType.Quantity, FieldShape.Map);

    public static ProtoField RawExtension(string json) => new(json, ProtoType.RawExtension);

    public static ProtoField StrListMap(string json) => new(json, ProtoType.StringList, FieldShape.Map);

    public static ProtoField IntOrString(string json) => new(json, ProtoType.IntOrString);

    public static ProtoField IntOrStringPtr(string json) => new(json, ProtoType.IntOrString, FieldShape.Pointer);
}
