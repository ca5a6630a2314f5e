using Reqnroll.Analytics;
using Reqnroll.Formatters.Configuration;
using Reqnroll.Plugins;
using Reqnroll.UnitTestProvider;

namespace ChaosLab.Harness.Execution;

/// <summary>The Reqnroll runtime plugin of the harness: the NUnit runtime provider, report placement, telemetry off.</summary>
internal sealed class HarnessRuntimePlugin : IRuntimePlugin
{
    public void Initialize(
        RuntimePluginEvents runtimePluginEvents,
        RuntimePluginParameters runtimePluginParameters,
        UnitTestProviderConfiguration unitTestProviderConfiguration)
    {
        unitTestProviderConfiguration.UseUnitTestProvider(NUnitRuntimeProvider.Name);
        runtimePluginEvents.RegisterGlobalDependencies += (_, e) =>
        {
            e.ObjectContainer.RegisterTypeAs<NUnitRuntimeProvider, IUnitTestRuntimeProvider>(NUnitRuntimeProvider.Name);
            e.ObjectContainer.RegisterTypeAs<TelemetryOptIn, IEnvironmentReqnrollTelemetryChecker>();
            e.ObjectContainer.RegisterTypeAs<ReportFolderConfigurationResolver, IFileBasedConfigurationResolver>();
        };
    }
}
