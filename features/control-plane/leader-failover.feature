@topology:ha @control-plane @leader-election
Feature: Leaders fail over and work continues
  Only one scheduler and one controller manager act at a time; when the active one dies, a
  stand-by takes its Lease within the leader-election bound and carries on.

  Background:
    Given a running "ha" cluster
    And a deployment "web" of 3 "chaoslab/echo" pods is available

  Scenario: Only the scheduler holding the Lease binds pods
    When I scale the deployment "web" to 9 pods
    Then the deployment "web" has 9 available pods within 40 seconds
    And every pod of "web" was bound by the holder of the "kube-scheduler" lease

  Scenario: The scheduler leader is killed and a stand-by keeps scheduling
    Given I note the holder of the "kube-scheduler" lease
    When I kill the "kube-scheduler" leader
    Then another instance holds the "kube-scheduler" lease within the leader-election bound
    And the "kube-scheduler" lease transitions have increased by 1
    When I scale the deployment "web" to 5 pods
    Then the deployment "web" has 5 available pods within 20 seconds

  Scenario: The controller-manager leader is killed and a stand-by keeps reconciling
    Given I note the holder of the "kube-controller-manager" lease
    When I kill the "kube-controller-manager" leader
    Then another instance holds the "kube-controller-manager" lease within the leader-election bound
    And the "kube-controller-manager" lease transitions have increased
    When I scale the deployment "web" to 1 pods
    Then the deployment "web" has 1 available pods within 20 seconds

  Scenario: The node of the scheduler leader is killed
    Given I note the holder of the "kube-scheduler" lease
    When I kill the node holding the "kube-scheduler" lease
    Then another instance holds the "kube-scheduler" lease within the leader-election bound
    When I scale the deployment "web" to 4 pods
    Then the deployment "web" has 4 available pods within 20 seconds
