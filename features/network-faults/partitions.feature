@topology:ha @network
Feature: Network partitions
  A partitioned control-plane node loses its etcd member's quorum and its API server goes
  unready (requests it still takes wait for etcd until they time out); the others carry on. Its
  controller manager or scheduler, if it led, loses its Lease and is restarted after the heal.
  A worker cut off from the control plane is marked not Ready and its pods are replaced elsewhere.

  Scenario: A control-plane node is partitioned from the other control-plane nodes
    Given a running "ha" cluster
    And I keep writing config maps through the API every 200 ms
    When I partition a control-plane node from the other control-plane nodes
    Then etcd has a leader within 10 seconds
    And API writes succeed again within 20 seconds
    And after healing, the cluster is healthy again within the control-plane-rejoin bound
    And the number of healthy etcd members is 3 within 30 seconds
    And every acknowledged write is still readable

  Scenario: A worker isolated from the control plane is replaced
    Given a running "ha" cluster
    And a deployment "web" of 3 "chaoslab/echo" pods behind the service "web"
    When I isolate the worker running the most "web" pods from the control plane
    Then that node's pods leave the endpoints of "web" within the node-failure bound
    And the deployment "web" has 3 available pods on the other workers within the eviction bound
