using System.Text.Json.Nodes;
using ChaosLab.ApiServer.Http;
using ChaosLab.ApiServer.Resources;

namespace ChaosLab.ApiServer.Validation;

/// <summary>networking.k8s.io IngressClasses: a domain-prefixed controller, at most 250 characters, fixed once created.</summary>
public sealed class IngressClassStrategy(ResourceType type) : GenericStrategy(type)
{
    public const int MaxControllerLength = 250;

    protected override IEnumerable<FieldCause> ValidateObject(JsonObject obj, JsonObject? old)
    {
        var causes = new List<FieldCause>();
        var controller = obj.Obj("spec").S("controller");
        if (controller.Length > MaxControllerLength) causes.Add(Causes.TooLong("spec.controller", MaxControllerLength));
        if (controller.Length == 0)
        {
            causes.Add(Causes.Required("spec.controller"));
        }
        else
        {
            var slash = controller.IndexOf('/', StringComparison.Ordinal);
            var domain = slash < 0 ? controller : controller[..slash];
            if (slash <= 0 || slash == controller.Length - 1) causes.Add(Causes.Invalid("spec.controller", controller, "must be a domain-prefixed path (such as \"acme.io/foo\")"));
            else causes.AddRange(Causes.Each("spec.controller", domain, NameRules.IsDNS1123Subdomain(domain)));
        }
        if (obj.Obj("spec").Obj("parameters") is { } parameters)
        {
            if (parameters.S("kind").Length == 0) causes.Add(Causes.Required("spec.parameters.kind"));
            if (parameters.S("name").Length == 0) causes.Add(Causes.Required("spec.parameters.name"));
        }
        if (old is not null && controller != old.Obj("spec").S("controller"))
        {
            causes.Add(Causes.Invalid("spec.controller", controller, Causes.Immutable));
        }
        return causes;
    }
}
