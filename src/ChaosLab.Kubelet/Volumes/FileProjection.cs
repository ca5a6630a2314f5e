namespace ChaosLab.Kubelet.Volumes;

/// <summary>One file of a projected volume (configMap, secret, downwardAPI, projected): its bytes and permission bits.</summary>
public sealed record FileProjection(byte[] Data, int Mode)
{
    /// <summary>0644, the API's default for defaultMode.</summary>
    public const int DefaultMode = 420;
}
