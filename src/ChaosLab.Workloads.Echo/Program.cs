using ChaosLab.Workloads.Echo;
using ChaosLab.Workloads.InCluster;

// `chaoslab-echo [--port N]`: the chaoslab/echo image's ENTRYPOINT. The same server runs as
// `chaoslab-node workload chaoslab/echo`; this program lets an image hold it without chaoslab-node
// (and without ASP.NET Core, which chaoslab-node needs and the echo server does not).
// `chaoslab-echo kube-get PATH` is an in-cluster API client instead: one GET with the pod's credentials.
return args is ["kube-get", ..]
    ? await InClusterRequest.RunAsync(args[1..])
    : await EchoServer.RunAsync(args);
