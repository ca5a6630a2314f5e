using System.Globalization;
using System.Text;
using System.Xml;

namespace ChaosLab.Harness.Reporting;

/// <summary>
/// junit.xml for CI servers: a testsuite per feature, a testcase per scenario, failures and skips with their reasons, and
/// the steps and timeline as system-out so that a CI page shows what happened without opening index.html.
/// </summary>
internal static class JUnitXml
{
    public const string FileName = "junit.xml";

    public static string Render(RunRecord run)
    {
        var summary = RunSummary.Of(run);
        var text = new Utf8StringWriter();
        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n" };
        using (var xml = XmlWriter.Create(text, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", Clean($"ChaosLab run {run.RunId}"));
            WriteCounts(xml, summary.Total, summary.Failed, summary.Skipped + summary.Ignored, summary.Duration);
            xml.WriteAttributeString("timestamp", Timestamp(run.StartedAt));

            foreach (var feature in run.Scenarios.GroupBy(s => s.Feature))
                WriteSuite(xml, run, feature.Key, [.. feature]);

            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        return text + "\n";
    }

    private static void WriteSuite(XmlWriter xml, RunRecord run, string feature, IReadOnlyList<ScenarioRecord> scenarios)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", Clean(feature));
        WriteCounts(
            xml,
            scenarios.Count,
            scenarios.Count(s => s.Verdict == Verdict.Failed),
            scenarios.Count(s => s.Verdict is Verdict.Skipped or Verdict.Ignored),
            TimeSpan.FromTicks(scenarios.Sum(s => s.Duration.Ticks)));
        xml.WriteAttributeString("timestamp", Timestamp(scenarios.Min(s => s.StartedAt)));
        xml.WriteAttributeString("file", Clean(scenarios[0].FeatureFile));

        xml.WriteStartElement("properties");
        WriteProperty(xml, "runId", run.RunId);
        WriteProperty(xml, "target", run.Target);
        WriteProperty(xml, "machine", run.Machine);
        xml.WriteEndElement();

        foreach (var scenario in scenarios)
            WriteCase(xml, scenario);

        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, ScenarioRecord scenario)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", Clean(scenario.Feature));
        xml.WriteAttributeString("name", Clean(scenario.Title));
        xml.WriteAttributeString("time", Seconds(scenario.Duration));
        xml.WriteAttributeString("file", Clean(scenario.FeatureFile));

        switch (scenario.Verdict)
        {
            case Verdict.Failed:
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", Clean(ReportText.FirstLine(scenario.Failure)));
                xml.WriteAttributeString("type", "ScenarioFailed");
                xml.WriteString(Clean(scenario.Failure));
                xml.WriteEndElement();
                break;
            case Verdict.Skipped:
                WriteSkipped(xml, scenario.SkipReason ?? "skipped");
                break;
            case Verdict.Ignored:
                WriteSkipped(xml, $"ignored{(scenario.SkipReason is { Length: > 0 } reason ? ": " + reason : "")}");
                break;
        }

        xml.WriteElementString("system-out", Clean(SystemOut(scenario)));
        xml.WriteEndElement();
    }

    private static string SystemOut(ScenarioRecord scenario)
    {
        var origin = scenario.StartedAt;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Scenario: {scenario.Title}   [{scenario.Id}]");
        text.AppendLine(CultureInfo.InvariantCulture, $"Tags: {string.Join(' ', scenario.Tags)}   topology: {scenario.Topology}   timing: {scenario.TimingProfile}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Started: {ReportText.Utc(origin)}");
        text.AppendLine("Steps:");
        foreach (var step in scenario.Steps)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {step.Keyword.Trim()} {step.Text}   [{step.Status}, {ReportText.Seconds(step.Duration)}]");
            if (step.Error is { Length: > 0 } error)
                text.AppendLine(CultureInfo.InvariantCulture, $"    {ReportText.FirstLine(error)}");
        }

        if (scenario.Faults.Count > 0)
        {
            text.AppendLine("Faults:");
            foreach (var fault in scenario.Faults)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {fault.Id} {fault.Fault} ({fault.Description}): injected {ReportText.Offset(origin, fault.InjectedAt)}, effect {Offset(origin, fault.EffectAt)}, healed {Offset(origin, fault.HealedAt)}, heal verified {Offset(origin, fault.HealVerifiedAt)}");
            }
        }

        if (scenario.Timeline.Count > 0)
        {
            text.AppendLine("Timeline:");
            foreach (var e in scenario.Timeline.OrderBy(e => e.At))
                text.AppendLine(CultureInfo.InvariantCulture, $"  {ReportText.Offset(origin, e.At),10}  {e.Source,-6} {e.Kind}: {e.Text}");
        }

        if (scenario.Bounds.Count > 0)
        {
            text.AppendLine("Bounds:");
            foreach (var bound in scenario.Bounds)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {bound.Kind}: {ReportText.Bound(bound)} (bound: {bound.BoundSource})");
        }

        foreach (var probe in scenario.Probes)
            text.AppendLine(CultureInfo.InvariantCulture, $"Probe {probe.Name}: availability {ReportText.Percent(probe.Availability)} over {probe.Samples.Count} samples");

        return text.ToString();
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures, int skipped, TimeSpan time)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", Seconds(time));
    }

    private static void WriteSkipped(XmlWriter xml, string message)
    {
        xml.WriteStartElement("skipped");
        xml.WriteAttributeString("message", Clean(message));
        xml.WriteEndElement();
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", Clean(value));
        xml.WriteEndElement();
    }

    private static string Offset(DateTimeOffset origin, DateTimeOffset? at) => at is { } a ? ReportText.Offset(origin, a) : "never";

    private static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    // JUnit's schema types timestamps as xs:dateTime without a zone; they are UTC.
    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Clean(string? text) => ReportText.Printable(text);

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter()
            : base(CultureInfo.InvariantCulture)
        {
        }

        public override Encoding Encoding => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    }
}
