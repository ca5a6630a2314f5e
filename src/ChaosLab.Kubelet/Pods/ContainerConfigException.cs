namespace ChaosLab.Kubelet.Pods;

/// <summary>
/// Why a container's config cannot be made (a missing ConfigMap or key, a volume it mounts that is not there, a bad
/// subPath): the container waits with reason CreateContainerConfigError and this message, as upstream reports it.
/// </summary>
public sealed class ContainerConfigException : Exception
{
    public ContainerConfigException()
    {
    }

    public ContainerConfigException(string message) : base(message)
    {
    }

    public ContainerConfigException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
