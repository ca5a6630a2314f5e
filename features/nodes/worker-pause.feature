@nodes
Feature: A frozen worker is detected and comes back
  A worker whose processes are frozen stops renewing its node Lease; the control plane marks it
  not Ready after the grace period. Thawed, it heartbeats again and returns to Ready.

  Scenario: A worker paused and resumed goes not Ready then Ready again
    Given a running "single" cluster
    And a deployment "web" of 2 "chaoslab/echo" pods behind the service "web"
    When I pause the worker running the most "web" pods
    Then that node is not Ready within the node-failure bound
    And after healing, the cluster is healthy again within the node-failure bound
    And the service "web" answers from inside the cluster
