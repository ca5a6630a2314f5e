using ChaosLab.Lab;
using ChaosLab.Lab.Docker;
using ChaosLab.Lab.Lifecycle;
using ChaosLab.TestSupport;

namespace ChaosLab.ApiServer.Tests.Support;

/// <summary>One `ha` lab (3 API servers behind haproxy, 3 etcd members) shared by the API integration tests of a run.</summary>
public static class SharedLab
{
    private static readonly OnDemandLab Lab = new("ha", "api");

    public static DockerEngine Engine => Lab.Engine;

    public static Task<LabState> GetAsync() => Lab.GetAsync();

    public static LabPaths Paths => LabPaths.For(Lab.State.Name);

    public static Task TearDownAsync() => Lab.TearDownAsync();
}
