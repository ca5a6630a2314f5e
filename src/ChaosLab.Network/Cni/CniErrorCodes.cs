namespace ChaosLab.Network.Cni;

/// <summary>
/// Error codes of the CNI spec's error result: 0-99 are the spec's well-known errors, 100 and up are
/// this plugin's own. A runtime reads the code; people read msg and details.
/// </summary>
public static class CniErrorCodes
{
    /// <summary>The config's cniVersion is one the plugin does not speak, or the command does not exist in it.</summary>
    public const int IncompatibleVersion = 1;

    /// <summary>The container (its network namespace) does not exist; nothing was set up, so nothing needs cleaning up.</summary>
    public const int UnknownContainer = 3;

    /// <summary>A CNI_* environment variable is missing or invalid; the message names it.</summary>
    public const int InvalidEnvironment = 4;

    /// <summary>The config on stdin could not be read.</summary>
    public const int IoFailure = 5;

    /// <summary>The config on stdin is not JSON of the expected shape (prevResult included).</summary>
    public const int DecodingFailure = 6;

    /// <summary>The config decodes but is invalid: a missing name or type, an unknown type, a bad podCidr, ...</summary>
    public const int InvalidNetworkConfig = 7;

    /// <summary>Transient: another plugin call held a lock for the whole timeout. Retrying may succeed.</summary>
    public const int TryAgainLater = 11;

    /// <summary>ADD or DEL failed on the node (a device, route or rule could not be set up or removed).</summary>
    public const int OperationFailed = 100;

    /// <summary>Every address of the node's podCIDR is allocated.</summary>
    public const int AddressesExhausted = 101;

    /// <summary>CHECK found the attachment missing or different from what prevResult says.</summary>
    public const int CheckFailed = 102;

    /// <summary>A bug: an exception the plugin did not expect. Details carry the stack trace.</summary>
    public const int Internal = 999;
}
