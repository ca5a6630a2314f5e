@network
Feature: A degraded network slows the service but does not break it
  Packet loss and latency into and out of a worker make requests slower and some time out
  (a lost SYN costs a second), but the service keeps answering from inside the cluster.

  Background:
    Given a running "single" cluster
    And a deployment "web" of 4 "chaoslab/echo" pods behind the service "web"
    And I probe the service "web" from inside the cluster every 200 ms

  Scenario: Losing 20 percent of packets into a worker
    When I drop 20 percent of the packets arriving at the worker running the most "web" pods
    And 10 seconds pass
    Then the service "web" answers from inside the cluster
    # curl gives up after 1 s, the first SYN retransmit: about a fifth of the requests that reach the
    # pods on that worker fail, and ~25 samples scatter a few percent either way.
    And the service "web" availability was at least 60 percent
    And after healing, the cluster is healthy again within the node-failure bound

  Scenario: 100 ms of latency on what a worker sends
    When I add 100 ms of latency to what the worker running the most "web" pods sends
    And 10 seconds pass
    Then for at least 5 seconds the service "web" keeps answering
    And the service "web" availability was at least 90 percent
    And after healing, the cluster is healthy again within the node-failure bound
