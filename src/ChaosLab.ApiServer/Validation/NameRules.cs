using System.Text;
using System.Text.RegularExpressions;

namespace ChaosLab.ApiServer.Validation;

/// <summary>
/// The string checks of upstream k8s.io/apimachinery/pkg/util/validation: each returns the upstream error strings
/// (empty when valid), which callers wrap into field causes.
/// </summary>
public static partial class NameRules
{
    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string Dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
    private const string QualifiedNameFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + QualifiedNameFmt + ")?";
    private const string EnvVarNameFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
    private const string ConfigMapKeyFmt = "[-._a-zA-Z0-9]+";
    private const string PercentFmt = "[0-9]+%";
    private const string QualifiedNameErrMsg =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    public const int DNS1123LabelMaxLength = 63;
    public const int DNS1123SubdomainMaxLength = 253;

    public static IReadOnlyList<string> IsDNS1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (Bytes(value) > DNS1123SubdomainMaxLength) errs.Add(MaxLenError(DNS1123SubdomainMaxLength));
        if (!Dns1123Subdomain().IsMatch(value))
        {
            errs.Add(RegexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                Dns1123SubdomainFmt, "example.com"));
        }
        return errs;
    }

    public static IReadOnlyList<string> IsDNS1123Label(string value)
    {
        var errs = new List<string>();
        if (Bytes(value) > DNS1123LabelMaxLength) errs.Add(MaxLenError(DNS1123LabelMaxLength));
        if (!Dns1123Label().IsMatch(value))
        {
            // A valid subdomain that is not a label can only be failing on its dots, so upstream says just that.
            errs.Add(Dns1123Subdomain().IsMatch(value)
                ? "must not contain dots"
                : RegexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                    Dns1123LabelFmt, "my-name", "123-abc"));
        }
        return errs;
    }

    /// <summary>Service names: a label that starts with a letter, so it is also a valid DNS name for the service's A record.</summary>
    public static IReadOnlyList<string> IsDNS1035Label(string value)
    {
        var errs = new List<string>();
        if (Bytes(value) > DNS1123LabelMaxLength) errs.Add(MaxLenError(DNS1123LabelMaxLength));
        if (!Dns1035Label().IsMatch(value))
        {
            errs.Add(RegexError("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
                Dns1035LabelFmt, "my-name", "abc-123"));
        }
        return errs;
    }

    /// <summary>Label and annotation keys: NAME or PREFIX/NAME, where PREFIX is a DNS subdomain.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0) errs.Add("prefix part must be non-empty");
                else errs.AddRange(IsDNS1123Subdomain(parts[0]).Select(m => "prefix part " + m));
                break;
            default:
                errs.Add("a qualified name " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc") +
                         " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }
        if (name.Length == 0) errs.Add("name part must be non-empty");
        else if (Bytes(name) > 63) errs.Add("name part " + MaxLenError(63));
        if (!QualifiedName().IsMatch(name)) errs.Add("name part " + RegexError(QualifiedNameErrMsg, QualifiedNameFmt, "MyName", "my.name", "123-abc"));
        return errs;
    }

    public static IReadOnlyList<string> IsValidLabelValue(string value)
    {
        var errs = new List<string>();
        if (Bytes(value) > 63) errs.Add(MaxLenError(63));
        if (!LabelValue().IsMatch(value))
        {
            errs.Add(RegexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
                LabelValueFmt, "MyValue", "my_value", "12345"));
        }
        return errs;
    }

    /// <summary>IANA_SVC_NAME: at most 15 of [-a-z0-9], at least one letter, no leading, trailing or doubled hyphen.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errs = new List<string>();
        if (Bytes(port) > 15) errs.Add(MaxLenError(15));
        if (!PortNameCharset().IsMatch(port)) errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!port.Any(c => c is >= 'a' and <= 'z')) errs.Add("must contain at least one letter (a-z)");
        if (port.Contains("--", StringComparison.Ordinal)) errs.Add("must not contain consecutive hyphens");
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-')) errs.Add("must not begin or end with a hyphen");
        return errs;
    }

    public static IReadOnlyList<string> IsValidPortNum(long port) => port is >= 1 and <= 65535 ? [] : [InclusiveRangeError(1, 65535)];

    public static IReadOnlyList<string> IsEnvVarName(string value)
    {
        var errs = new List<string>();
        if (!EnvVarName().IsMatch(value))
        {
            errs.Add(RegexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
                EnvVarNameFmt, "my.env-name", "MY_ENV.NAME", "MyEnvName1"));
        }
        errs.AddRange(ChDirPrefix(value));
        return errs;
    }

    /// <summary>ConfigMap and Secret keys, which become file names when mounted.</summary>
    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        var errs = new List<string>();
        if (Bytes(value) > DNS1123SubdomainMaxLength) errs.Add(MaxLenError(DNS1123SubdomainMaxLength));
        if (!ConfigMapKey().IsMatch(value))
        {
            errs.Add(RegexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", ConfigMapKeyFmt, "key.name", "KEY_NAME", "key-name"));
        }
        errs.AddRange(ChDirPrefix(value));
        return errs;
    }

    public static IReadOnlyList<string> IsValidPercent(string value) =>
        Percent().IsMatch(value) ? [] : [RegexError("a valid percent string must be a numeric string followed by an ending '%'", PercentFmt, "1%", "93%")];

    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    public static string InclusiveRangeError(long lo, long hi) => $"must be between {lo} and {hi}, inclusive";

    /// <summary>Upstream's RegexError, including its odd ",  or" joining of examples.</summary>
    public static string RegexError(string msg, string format, params string[] examples)
    {
        if (examples.Length == 0) return $"{msg} (regex used for validation is '{format}')";
        var sb = new StringBuilder(msg).Append(" (e.g. ");
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0) sb.Append(" or ");
            sb.Append('\'').Append(examples[i]).Append("', ");
        }
        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    private static IEnumerable<string> ChDirPrefix(string value)
    {
        if (value == ".") yield return "must not be '.'";
        else if (value == "..") yield return "must not be '..'";
        else if (value.StartsWith("..", StringComparison.Ordinal)) yield return "must not start with '..'";
    }

    // Go measures lengths in bytes.
    private static int Bytes(string value) => Encoding.UTF8.GetByteCount(value);

    // \z, not $: .NET's $ also matches before a trailing newline, Go's does not.
    [GeneratedRegex("^" + Dns1123LabelFmt + "\\z")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^" + Dns1123SubdomainFmt + "\\z")]
    private static partial Regex Dns1123Subdomain();

    [GeneratedRegex("^" + Dns1035LabelFmt + "\\z")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^" + QualifiedNameFmt + "\\z")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^" + LabelValueFmt + "\\z")]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharset();

    [GeneratedRegex("^" + EnvVarNameFmt + "\\z")]
    private static partial Regex EnvVarName();

    [GeneratedRegex("^" + ConfigMapKeyFmt + "\\z")]
    private static partial Regex ConfigMapKey();

    [GeneratedRegex("^" + PercentFmt + "\\z")]
    private static partial Regex Percent();
}
