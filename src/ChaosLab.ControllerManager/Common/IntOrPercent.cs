using System.Globalization;
using k8s.Models;

namespace ChaosLab.ControllerManager.Common;

/// <summary>apimachinery's GetScaledValueFromIntOrPercent: "25%" of a total, rounded up or down; a plain number as is.</summary>
internal static class IntOrPercent
{
    public static int Scaled(IntOrString? value, int total, bool roundUp, int whenUnset)
    {
        var text = value?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return whenUnset;
        }
        if (!text.EndsWith('%'))
        {
            return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }
        var percent = int.Parse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture);
        // Integer arithmetic like upstream, so 25% of 6 is exactly 1.5 before rounding.
        var scaled = (double)percent * total / 100;
        return roundUp ? (int)Math.Ceiling(scaled) : (int)Math.Floor(scaled);
    }
}
