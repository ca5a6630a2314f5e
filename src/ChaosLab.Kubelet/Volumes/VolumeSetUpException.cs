namespace ChaosLab.Kubelet.Volumes;

/// <summary>
/// Why a volume could not be set up (its ConfigMap is missing, a hostPath is of the wrong type, a source this kubelet
/// does not have): reported as upstream's FailedMount, and the pod waits in ContainerCreating.
/// </summary>
public sealed class VolumeSetUpException : Exception
{
    public VolumeSetUpException()
    {
    }

    public VolumeSetUpException(string message) : base(message)
    {
    }

    public VolumeSetUpException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
