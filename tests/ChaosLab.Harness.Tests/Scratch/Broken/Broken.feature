Feature: Scratch broken feature

  Scenario: A line that is not a step
    Given the calculator is cleared
    this line is not a step
