using static ChaosLab.ApiServer.Http.Protobuf.ProtoFields;

namespace ChaosLab.ApiServer.Http.Protobuf;

/// <summary>
/// k8s.io/kube-aggregator apiregistration.k8s.io/v1: APIService. Numbers from upstream's generated.proto (v0.32).
/// </summary>
internal static class ApiRegistrationSchema
{
    public static IReadOnlyDictionary<string, ProtoMessage> Messages { get; } = new Dictionary<string, ProtoMessage>
    {
        ["apiregistration.APIService"] = new()
        {
            [1] = Message("metadata", "meta.ObjectMeta"), [2] = Message("spec", "apiregistration.APIServiceSpec"),
            [3] = Message("status", "apiregistration.APIServiceStatus"),
        },
        ["apiregistration.APIServiceSpec"] = new()
        {
            [1] = MessagePtr("service", "apiregistration.ServiceReference"), [2] = Str("group"), [3] = Str("version"),
            [4] = Bool("insecureSkipTLSVerify"), [5] = Bytes("caBundle"), [7] = I32("groupPriorityMinimum"), [8] = I32("versionPriority"),
        },
        ["apiregistration.APIServiceStatus"] = new() { [1] = Messages("conditions", "apiregistration.APIServiceCondition") },
        ["apiregistration.ServiceReference"] = new() { [1] = Str("namespace"), [2] = Str("name"), [3] = I32Ptr("port") },
        ["apiregistration.APIServiceCondition"] = new()
        {
            [1] = Str("type"), [2] = Str("status"), [3] = Time("lastTransitionTime"), [4] = Str("reason"), [5] = Str("message"),
        },
    };
}
