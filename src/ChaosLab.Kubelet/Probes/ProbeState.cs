namespace ChaosLab.Kubelet.Probes;

/// <summary>One probe's schedule and result for one container: threshold counting like upstream's prober.</summary>
public sealed class ProbeState(bool initialResult)
{
    public bool Result { get; private set; } = initialResult;

    public DateTime NextRun { get; set; }

    public int ConsecutiveFailures { get; private set; }

    public int ConsecutiveSuccesses { get; private set; }

    public string LastMessage { get; private set; } = "";

    public void Record(bool success, string message, int successThreshold, int failureThreshold)
    {
        LastMessage = message;
        if (success)
        {
            ConsecutiveSuccesses++;
            ConsecutiveFailures = 0;
            if (ConsecutiveSuccesses >= Math.Max(1, successThreshold))
            {
                Result = true;
            }
        }
        else
        {
            ConsecutiveFailures++;
            ConsecutiveSuccesses = 0;
            if (ConsecutiveFailures >= Math.Max(1, failureThreshold))
            {
                Result = false;
            }
        }
    }
}
