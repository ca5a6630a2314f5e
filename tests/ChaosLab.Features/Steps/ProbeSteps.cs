using System.Globalization;
using ChaosLab.Harness.Scenarios;
using Reqnroll;

namespace ChaosLab.Features.Steps;

/// <summary>Background probes during faults, and the checks on what they recorded.</summary>
[Binding]
public sealed class ProbeSteps(ScenarioSession session)
{
    [Given("I keep writing config maps through the API every {int} ms")]
    [StepExample("Given I keep writing config maps through the API every 100 ms")]
    public void GivenIKeepWriting(int ms) => session.StartApiProbe(TimeSpan.FromMilliseconds(ms));

    [Given("I probe the service {string} from inside the cluster every {int} ms")]
    [StepExample("Given I probe the service \"web\" from inside the cluster every 200 ms")]
    public async Task GivenIProbeTheService(string service, int ms)
    {
        var probe = await session.StartServiceProbeAsync(service, TimeSpan.FromMilliseconds(ms));
        await Eventually.UntilAsync($"the first answer of {service} to the probe", TimeSpan.FromSeconds(10), () =>
            Task.FromResult((probe.Series.Samples.Any(s => s.Ok), $"{probe.Series.Samples.Count} samples")));
    }

    [Then("the service {string} availability was at least {int} percent")]
    [StepExample("Then the service \"web\" availability was at least 90 percent")]
    public void ThenServiceAvailability(string service, int percent)
    {
        Expect.That(session.ServiceProbes.TryGetValue(service, out var probe), $"no probe of {service} runs; add: Given I probe the service \"{service}\" from inside the cluster every 200 ms");
        AssertAvailability(probe!.Series, percent);
    }

    [Then("the API availability was at least {int} percent")]
    [StepExample("Then the API availability was at least 95 percent")]
    public void ThenApiAvailability(int percent)
    {
        Expect.That(session.ApiProbe is not null, "no API probe runs; add: Given I keep writing config maps through the API every 100 ms");
        AssertAvailability(session.ApiProbe!.Series, percent);
    }

    [Then("the service {string} answers again within {int} seconds")]
    [StepExample("Then the service \"web\" answers again within 10 seconds")]
    public async Task ThenTheServiceAnswersAgain(string service, int seconds)
    {
        var probe = session.ServiceProbes[service];
        var from = DateTimeOffset.UtcNow;
        await Eventually.UntilAsync($"{service} answering its probe", TimeSpan.FromSeconds(seconds), () =>
        {
            var recent = probe.Series.Samples.Where(s => s.At >= from).ToList();
            return Task.FromResult((recent.Count >= 3 && recent.TakeLast(3).All(s => s.Ok), $"last samples: {string.Join(" ", recent.TakeLast(5).Select(s => s.Ok ? "ok" : "fail"))}"));
        });
    }

    [When("{int} seconds pass")]
    [StepExample("When 10 seconds pass")]
    public static async Task WhenSecondsPass(int seconds) => await Task.Delay(TimeSpan.FromSeconds(seconds));

    [Then("for at least {int} seconds the service {string} keeps answering")]
    [StepExample("Then for at least 5 seconds the service \"web\" keeps answering")]
    public async Task ThenKeepsAnswering(int seconds, string service) =>
        await Eventually.HoldsAsync($"{service} answering", TimeSpan.FromSeconds(seconds), async () =>
        {
            var (pod, detail) = await session.Network.RequestAsync(service, await session.Network.ProbeNodeAsync(service));
            return (pod is not null, detail);
        });

    [Then("every acknowledged write is still readable")]
    [StepExample("Then every acknowledged write is still readable")]
    public async Task ThenEveryAcknowledgedWriteIsReadable()
    {
        Expect.That(session.ApiProbe is not null, "no API writes were made; add: Given I keep writing config maps through the API every 100 ms");
        // A short scenario can end before the first write after a fault is answered: keep probing until
        // one write was acknowledged (or 10 s pass), so the check never judges an empty history.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (session.ApiProbe!.Acknowledged.Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100);
        }
        await session.ApiProbe.DisposeAsync();
        Expect.That(session.ApiProbe.Acknowledged.Count > 0, "no write was acknowledged at all, after waiting 10 s for one");
        var lost = await session.ApiProbe.LostWritesAsync();
        Expect.That(lost.Count == 0, $"acknowledged writes lost: {string.Join("; ", lost)}");
    }

    [Then("no read returned an older value than a previous read")]
    [StepExample("Then no read returned an older value than a previous read")]
    public void ThenNoStaleRead()
    {
        Expect.That(session.ApiProbe is not null, "no API reads were made; add: Given I keep writing config maps through the API every 100 ms");
        Expect.That(session.ApiProbe!.ReadAnomalies.Count == 0, $"reads went back in time: {string.Join("; ", session.ApiProbe.ReadAnomalies)}");
    }

    private void AssertAvailability(Harness.Reporting.ProbeSeries series, int percent)
    {
        var windows = session.Faults.Select(f => (From: f.InjectedAt, To: DateTimeOffset.UtcNow)).ToList();
        var overall = series.Availability * 100;
        var during = windows.Count > 0 ? series.AvailabilityDuring(windows[0].From, windows[^1].To) * 100 : null;
        var failed = series.Samples.Count(s => !s.Ok);
        Expect.That(series.Samples.Count > 0, $"{series.Name}: no samples were taken");
        Expect.That(overall >= percent, string.Create(CultureInfo.InvariantCulture,
            $"{series.Name}: availability {overall:0.0} % over {series.Samples.Count} samples ({failed} failed{(during is { } d ? $", {d:0.0} % during the fault" : "")}), expected at least {percent} %"));
    }
}
