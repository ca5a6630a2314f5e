using k8s.Models;

namespace ChaosLab.ControllerManager.CronJobs;

/// <summary>
/// What one sync of a CronJob should do: delete <see cref="ToReplace"/> (concurrencyPolicy Replace), create
/// <see cref="JobToCreate"/> for <see cref="ScheduledTime"/> (then record it in the status's active list and
/// lastScheduleTime), delete finished Jobs beyond the history limits, write <see cref="Status"/>, and look again
/// after <see cref="RequeueAfter"/>.
/// </summary>
internal sealed record CronJobPlan(
    V1CronJobStatus Status,
    bool StatusChanged,
    IReadOnlyList<V1ObjectReference> ToReplace,
    V1Job? JobToCreate,
    DateTimeOffset? ScheduledTime,
    IReadOnlyList<V1Job> HistoryToDelete,
    TimeSpan? RequeueAfter,
    string? Warning);
