Feature: Scratch rules

  Background:
    Given the calculator is cleared

  @rule-tag
  Rule: Sums start from a seed

    Background:
      Given I have entered 5 into the calculator

    Scenario: Adding to the seed
      Given I have entered 1 into the calculator
      When I press add
      Then the result should be 6
