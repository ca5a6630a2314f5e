@nodes @kubelet
Feature: Pods survive their kubelet
  The kubelet is a node agent, not the parent of the pods: when it dies, its supervisor starts
  it again and it adopts the pods that kept running.

  Scenario: Killing the kubelet keeps its pods running and serving
    Given a running "single" cluster
    And a deployment "web" of 4 "chaoslab/echo" pods behind the service "web"
    When I kill the kubelet on the worker running the most "web" pods
    Then the pods of "web" keep running with the same identity for 10 seconds
    And the service "web" answers from inside the cluster
    And after healing, the cluster is healthy again within the node-failure bound
