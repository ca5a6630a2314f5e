@networking @dns
Feature: Cluster DNS answers again after the node running it is lost
  Pods find Services by name through the kube-dns Service, whose pods are a Deployment in
  kube-system. A lost worker takes its DNS replicas with it: their endpoints leave the Service
  once the node is marked unknown, and after their toleration they are replaced on the other
  workers. Names must resolve again within those bounds, and never leave the cluster.

  Scenario: Killing the worker with the most DNS pods
    Given a running "single" cluster
    And a deployment "web" of 3 "chaoslab/echo" pods behind the service "web"
    Then the name "web" resolves from the "web" pods within 30 seconds
    And the name "no-such-service" does not resolve from the "web" pods
    When I kill the worker running the most cluster DNS pods
    Then the name "web" resolves from the "web" pods within the eviction bound
    And the cluster DNS has 2 ready pods within the eviction bound
    And the name "web" resolves from the "web" pods within 10 seconds
