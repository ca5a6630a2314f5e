using System.Text.Json;
using System.Text.Json.Serialization;
using ChaosLab.Network.Cni;

namespace ChaosLab.Network;

/// <summary>
/// Every type the library reads or writes as JSON, with System.Text.Json's Web defaults (camelCase,
/// case-insensitive names, numbers allowed as strings). Source-generated rather than reflection-based,
/// so the same code runs in the NativeAOT CNI plugin (chaoslab-cni) and in chaoslab-node.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(NetworkConfig.ConfigFile))]
[JsonSerializable(typeof(PodNetworkResult.ResultFile))]
[JsonSerializable(typeof(CniCommand.RoutesOutput))]
[JsonSerializable(typeof(CniNetConf))]
[JsonSerializable(typeof(CniResult))]
[JsonSerializable(typeof(CniError))]
[JsonSerializable(typeof(CniVersionResult))]
[JsonSerializable(typeof(CniVersionRequest))]
[JsonSerializable(typeof(CniConflistFile))]
internal sealed partial class NetworkJson : JsonSerializerContext;
