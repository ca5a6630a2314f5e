@topology:ha @control-plane
Feature: The API stays available through the load balancer
  haproxy health-checks every API server on /readyz; losing one control-plane node leaves two
  API servers and an etcd quorum, so clients of the load balancer keep being served.

  Scenario: A control-plane node is lost and API writes continue
    Given a running "ha" cluster
    And I keep writing config maps through the API every 200 ms
    When I kill a control-plane node
    Then an API write succeeds within the api-failover bound
    And for at least 5 seconds the API keeps accepting writes
    And the API availability was at least 80 percent
    And every acknowledged write is still readable
