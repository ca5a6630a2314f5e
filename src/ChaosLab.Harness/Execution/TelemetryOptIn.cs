using Reqnroll.Analytics;

namespace ChaosLab.Harness.Execution;

/// <summary>
/// Reqnroll sends usage telemetry unless <c>REQNROLL_TELEMETRY_ENABLED</c> is set to something other than 1. Lab machines and CI
/// have no route to it, so here it is off unless that variable is explicitly 1.
/// </summary>
internal sealed class TelemetryOptIn : IEnvironmentReqnrollTelemetryChecker
{
    public bool IsReqnrollTelemetryEnabled() =>
        Environment.GetEnvironmentVariable(EnvironmentReqnrollTelemetryChecker.ReqnrollTelemetryEnvironmentVariable) == "1";
}
