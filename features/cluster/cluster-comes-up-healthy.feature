@cluster @smoke
Feature: A new cluster comes up healthy
  Every node registers and turns Ready, every component and etcd member reports healthy,
  and the API accepts writes: the ground every other scenario stands on.

  Scenario: The default cluster is healthy and accepts writes
    Given a running "single" cluster
    Then all nodes are Ready within 30 seconds
    And every node renews its Lease within 10 seconds
    And etcd has a leader within 10 seconds
    And API writes succeed again within 5 seconds

  @topology:ha
  Scenario: The HA cluster is healthy with one etcd leader among three members
    Given a running "ha" cluster
    Then all nodes are Ready within 30 seconds
    And the number of healthy etcd members is 3 within 10 seconds
    And etcd has a leader within 10 seconds
