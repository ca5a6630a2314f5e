using System.Text.Json.Nodes;

namespace ChaosLab.ApiServer.Rest;

/// <summary>One event of a watch stream: ADDED, MODIFIED, DELETED, BOOKMARK or ERROR with its object.</summary>
public sealed record WatchEvent(string Type, JsonObject Object);
