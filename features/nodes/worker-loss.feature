@nodes @networking
Feature: A service keeps answering when a worker is lost
  When a worker stops heartbeating, the node lifecycle controller marks it unknown after the
  grace period, its pods leave the endpoints, and after their toleration they are evicted and
  replaced on the other workers. The service answers from the remaining pods throughout.

  Scenario Outline: Losing a worker with <fault> removes its endpoints and replaces its pods
    Given a running "single" cluster
    And a deployment "web" of 4 "chaoslab/echo" pods behind the service "web"
    And I probe the service "web" from inside the cluster every 200 ms
    When I <fault> the worker running the most "web" pods
    Then that node's pods leave the endpoints of "web" within the node-failure bound
    And the deployment "web" has 4 available pods on the other workers within the eviction bound
    And the service "web" answers again within 10 seconds
    And the service "web" availability was at least 60 percent

    Examples:
      | fault |
      | kill  |
      | stop  |
