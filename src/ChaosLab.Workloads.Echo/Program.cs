using ChaosLab.Workloads.Echo;
using ChaosLab.Workloads.InCluster;

// `chaoslab-echo [--port N]`: the chaoslab/echo image's ENTRYPOINT. The same server runs as
// `chaoslab-node workload chaoslab/echo`; this program lets an image hold it without chaoslab-node
// (and without ASP.NET Core, which chaoslab-node needs and the echo server does not).
// `chaoslab-echo kube-get PATH` and `kube-post PATH JSON` are an in-cluster API client instead: one request with
// the pod's credentials.
return args is ["kube-get", ..] or ["kube-post", ..]
    ? await InClusterRequest.RunAsync(args)
    : await EchoServer.RunAsync(args);
