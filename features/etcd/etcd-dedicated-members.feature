@topology:ha-external-etcd @etcd
Feature: A dedicated etcd cluster keeps the API writing through a lost member
  With etcd on five nodes of its own, the API servers reach it only over the lab network. Five
  members keep a quorum of three, so killing one changes nothing for clients.

  Scenario: Killing a member on a dedicated etcd node keeps writes going
    Given a running "ha-external-etcd" cluster
    And I keep writing config maps through the API every 100 ms
    When I kill an etcd follower
    Then etcd has a leader within 5 seconds
    And an API write succeeds within the api-failover bound
    And the number of healthy etcd members is 5 within 30 seconds
    And every acknowledged write is still readable
