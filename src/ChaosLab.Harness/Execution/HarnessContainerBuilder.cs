using Reqnroll.BoDi;
using Reqnroll.Infrastructure;
using Reqnroll.Plugins;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Reqnroll's container builder with the harness plugin registered from code, so the test project needs no
/// <c>*.ReqnrollPlugin.dll</c> and no assembly attribute.
/// </summary>
internal sealed class HarnessContainerBuilder : ContainerBuilder
{
    protected override void RegisterDefaults(ObjectContainer container)
    {
        base.RegisterDefaults(container);
        container.RegisterTypeAs<HarnessRuntimePlugin, IRuntimePlugin>(nameof(HarnessRuntimePlugin));
    }
}
