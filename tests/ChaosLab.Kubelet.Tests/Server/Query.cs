using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ChaosLab.Kubelet.Tests.Server;

/// <summary>A request's query collection from a query string, as ASP.NET Core parses it.</summary>
internal static class Query
{
    public static IQueryCollection Of(string queryString) => new QueryCollection(QueryHelpers.ParseQuery(queryString));
}
