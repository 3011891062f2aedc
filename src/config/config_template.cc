#include "config/config_template.h"

namespace corral {
namespace {

constexpr const char* kTemplate = R"INI(# corral configuration
#
# corral reads StarCluster configuration files unchanged, so this file uses their INI syntax:
# [section] headers, KEY = VALUE lines, case-insensitive keys, comments starting with '#' or ';'.
# docs/config.md describes every setting with its type, default and effect.
#
# As written, this file gives a working cluster on this machine (the local provider: every node
# is a set of Linux namespaces that runs the software installed here; needs root):
#
#     corral start mycluster       # 3 nodes from the smallcluster template below
#     corral sshmaster mycluster   # log in to the master
#     corral terminate mycluster   # remove it again
#
# For Amazon EC2, fill in [aws info] and use a template with CLOUD = ec2 (an example follows).

#################
## Global settings
#################
[global]
# The template that commands use when none is named (corral start -c NAME picks another).
DEFAULT_TEMPLATE = smallcluster
# Where the nodes of a template run unless the template says otherwise: local (this machine)
# or ec2 (Amazon EC2). Without this line: ec2 when an [aws info] section exists, else local.
CLOUD = local
# Turns on features marked experimental (StarCluster needed it for loadbalance).
# ENABLE_EXPERIMENTAL = False
# Seconds between two polls while waiting for nodes.
# REFRESH_INTERVAL = 30
# More files to read as if they were appended to this one.
# INCLUDE = ~/.corral/templates, ~/.corral/plugins

#################
## Amazon Web Services credentials and endpoint (CLOUD = ec2 only)
#################
# Environment variables of the same names (AWS_ACCESS_KEY_ID, ...) override these values.
# corral never prints them.
# [aws info]
# AWS_ACCESS_KEY_ID = your access key id
# AWS_SECRET_ACCESS_KEY = your secret access key
# AWS_USER_ID = your 12-digit account number
# AWS_REGION_NAME = eu-west-1
# AWS_REGION_HOST = ec2.eu-west-1.amazonaws.com

#################
## Key pairs
#################
# A [key NAME] section names an SSH key pair and where its private key is. EC2 templates need one (KEYNAME):
# NAME must be a key pair of your account (corral createkey NAME -o FILE makes one). Local
# templates may leave KEYNAME out: the local provider gives each cluster its own root key.
# [key mykey]
# KEY_LOCATION = ~/.ssh/mykey.rsa

#################
## Cluster templates
#################
# A [cluster NAME] section describes a cluster; `corral start -c NAME TAG` starts one from it.
[cluster smallcluster]
# The [key] section whose key pair the nodes accept (required on EC2, optional here).
# KEYNAME = mykey
# How many nodes, master included.
CLUSTER_SIZE = 3
# The user created on every node, owner of the shared /home, who submits jobs (not root).
CLUSTER_USER = sgeadmin
# bash, zsh, csh, ksh or tcsh.
CLUSTER_SHELL = bash
# The batch scheduler: sge (Grid Engine) or slurm. DISABLE_QUEUE = True installs none.
SCHEDULER = sge
# Whether the master runs jobs too, and how many job slots each node offers (default: its
# number of cores).
# MASTER_IS_EXEC_HOST = True
# SLOTS_PER_HOST = 4
# With the local provider, NODE_IMAGE_ID and NODE_INSTANCE_TYPE may be left out (they default
# to host and local). On EC2 they are required: an AMI and an instance type.
# NODE_IMAGE_ID = ami-0123456789abcdef0
# NODE_INSTANCE_TYPE = t3.medium
# Several worker types: type[:ami][:count] items; the last type is used for the other workers.
# NODE_INSTANCE_TYPE = c5.xlarge:1, m5.large:ami-0123456789abcdef0:1, t3.medium
# The master may use another image or type.
# MASTER_IMAGE_ID = ami-0123456789abcdef0
# MASTER_INSTANCE_TYPE = m5.large
# Host names <tag>-master, <tag>-node001, ... instead of master, node001, ...
# DNS_PREFIX = True
# Sections defined below, by name.
# VOLUMES = data
# PERMISSIONS = http, https
# PLUGINS = tools, users
# EC2 only: spot workers at this bid (USD per hour), placement, VPC subnet, user data.
# SPOT_BID = 0.05
# FORCE_SPOT_MASTER = False
# AVAILABILITY_ZONE = eu-west-1a
# SUBNET_ID = subnet-0123456789abcdef0
# PUBLIC_IPS = True
# USERDATA_SCRIPTS = ~/bootstrap.sh
# DISABLE_CLOUDINIT = False

# A template may start from another one with EXTENDS and change only what differs. This one
# runs the same cluster on EC2:
# [cluster ec2cluster]
# EXTENDS = smallcluster
# CLOUD = ec2
# KEYNAME = mykey
# NODE_IMAGE_ID = ami-0123456789abcdef0
# NODE_INSTANCE_TYPE = t3.medium

#################
## Volumes
#################
# An EBS volume (on the local provider: a directory kept between clusters), attached to the
# master at MOUNT_PATH and shared with every node over NFS.
# [volume data]
# VOLUME_ID = vol-0123456789abcdef0
# MOUNT_PATH = /data
# Optional: the device (default /dev/sdz, /dev/sdy, ...) and partition number.
# DEVICE = /dev/sdz
# PARTITION = 1

#################
## Security group permissions (EC2)
#################
# Opens a port range of the cluster's security group. SSH (22) is always open.
# [permission http]
# IP_PROTOCOL = tcp
# FROM_PORT = 80
# TO_PORT = 80
# Who may connect (default 0.0.0.0/0: everybody).
# CIDR_IP = 0.0.0.0/0
#
# [permission https]
# FROM_PORT = 443
# TO_PORT = 443

#################
## Plugins
#################
# Plugins run after the cluster is set up, in PLUGINS order. Every key of a [plugin] section
# besides SETUP_CLASS / SETUP_COMMAND is handed to the plugin.
#
# Built in: install Debian packages on every node.
# [plugin tools]
# SETUP_CLASS = starcluster.plugins.pkginstaller.PackageInstaller
# PACKAGES = htop, git
#
# Built in: create cluster users (a number of them, or these names).
# [plugin users]
# SETUP_CLASS = starcluster.plugins.users.CreateUsers
# NUM_USERS = 5
# USERNAMES = alice, bob
#
# Your own: an executable that corral calls with the hook name (run, on_add_node, ...) and a
# JSON description of the cluster.
# [plugin myhook]
# SETUP_COMMAND = ~/.corral/plugins/myhook
# GREETING = hello
)INI";

}  // namespace

const std::string& ConfigTemplate() {
  static const std::string* text = new std::string(kTemplate);
  return *text;
}

}  // namespace corral
