"""One method per EC2 action the fake serves, over an ec2_state.Account."""
import base64
import hashlib
import time

from ec2_state import (IMAGES, INSTANCE_TYPES, OWNER, REGIONS, ApiError, apply_filters, bad_filter,
                       iso, tag_filter_values, tag_list)


def tags_of(spec, resource_type):
    out = {}
    for ts in spec.get('TagSpecifications', []):
        if ts.get('ResourceType') == resource_type:
            for t in ts.get('Tags', []):
                out[t['Key']] = t.get('Value', '')
    return out


def check_tag_types(spec, allowed):
    for ts in spec.get('TagSpecifications', []):
        if ts.get('ResourceType') not in allowed:
            raise ApiError('InvalidParameterValue',
                           '\'%s\' is not a valid taggable resource type for this operation.'
                           % ts.get('ResourceType'))


def rule_key(perm, pair):
    return (perm['IpProtocol'], perm.get('FromPort', -1), perm.get('ToPort', -1), pair)


class Handlers:
    def __init__(self, account):
        self.a = account

    # ---- instances ----------------------------------------------------------------------
    def RunInstances(self, r):
        a = self.a
        if r['MinCount'] != r['MaxCount'] or r['MinCount'] < 1:
            raise ApiError('InvalidParameterValue', 'MinCount and MaxCount must be equal and positive')
        check_tag_types(r, ('instance', 'volume'))
        token = r.get('ClientToken')
        if token and token in a.tokens:  # idempotent retry: the same reservation again
            rid = a.tokens[token]
            insts = [i for i in a.instances.values() if i['reservation'] == rid]
        else:
            zone = r.get('Placement', {}).get('AvailabilityZone') or a.region + 'a'
            self._check_zone(zone)
            rid, insts = a.launch(r, r['MinCount'], tags_of(r, 'instance'), zone, token=token)
            vol_tags = tags_of(r, 'volume')
            for v in a.volumes.values():
                if v.get('instance') in {i['id'] for i in insts}:
                    v['tags'].update(vol_tags)
            if token:
                a.tokens[token] = rid
        groups = [{'GroupName': g['name'], 'GroupId': g['id']} for g in a.reservations[rid]]
        return {'ReservationId': rid, 'OwnerId': OWNER, 'Groups': groups,
                'Instances': [a.instance_dict(i) for i in insts]}

    def _check_zone(self, zone):
        if zone not in [self.a.region + s for s in 'abc']:
            raise ApiError('InvalidParameterValue',
                           'Invalid availability zone: [%s]' % zone)

    def DescribeInstances(self, r):
        a = self.a
        if r.get('InstanceIds') and r.get('MaxResults'):
            raise ApiError('InvalidParameterCombination',
                           'The parameter instancesSet cannot be used with the parameter maxResults')
        if r.get('MaxResults') is not None and not 5 <= r['MaxResults'] <= 1000:
            raise ApiError('InvalidParameterValue', 'Value ( %d ) for parameter maxResults is invalid. '
                           'Expecting a value between 5 and 1000.' % r['MaxResults'])
        insts = [a.instance(i) for i in r.get('InstanceIds', [])] or \
            [i for i in a.instances.values() if a.visible(i)]
        insts = apply_filters(insts, r.get('Filters', []), a.instance_filter_values)
        by_res = {}
        for i in insts:
            by_res.setdefault(i['reservation'], []).append(i)
        reservations = [{'ReservationId': rid, 'OwnerId': OWNER,
                         'Groups': [{'GroupName': g['name'], 'GroupId': g['id']}
                                    for g in a.reservations[rid]],
                         'Instances': [a.instance_dict(i) for i in members]}
                        for rid, members in by_res.items()]
        page, nxt = a.page(reservations, r)
        return {'Reservations': page, 'NextToken': nxt}

    def _transition(self, r, allowed, target, delay_key, result_name):
        a = self.a
        insts = [a.instance(i) for i in r['InstanceIds']]
        changes = []
        for i in insts:
            before = i['state']
            if before not in allowed and before != target:
                raise ApiError('IncorrectInstanceState', 'The instance \'%s\' is not in a state from '
                               'which it can be %s.' % (i['id'], result_name))
            if before in allowed:
                a._set_state(i, target, a.opts[delay_key])
            changes.append({'InstanceId': i['id'],
                            'PreviousState': {'Code': 0, 'Name': before},
                            'CurrentState': {'Code': 0, 'Name': i['state']}})
        return changes

    def StartInstances(self, r):
        for i in r['InstanceIds']:
            if self.a.instance(i).get('spot'):
                raise ApiError('UnsupportedOperation', 'Spot instances cannot be started.')
        return {'StartingInstances': self._transition(r, ('stopped',), 'pending', 'pending_time', 'started')}

    def StopInstances(self, r):
        for i in r['InstanceIds']:
            inst = self.a.instance(i)
            if inst.get('spot') or inst['root_type'] != 'ebs':
                raise ApiError('UnsupportedOperation', 'The instance \'%s\' does not have an \'ebs\' '
                               'root device type and cannot be stopped.' % i)
        return {'StoppingInstances': self._transition(r, ('pending', 'running'), 'stopping',
                                                      'stopping_time', 'stopped')}

    def TerminateInstances(self, r):
        return {'TerminatingInstances': self._transition(
            r, ('pending', 'running', 'stopping', 'stopped'), 'shutting-down', 'stopping_time',
            'terminated')}

    def RebootInstances(self, r):
        for i in r['InstanceIds']:
            if self.a.instance(i)['state'] != 'running':
                raise ApiError('IncorrectInstanceState', 'The instance \'%s\' is not running.' % i)
        return None

    def GetConsoleOutput(self, r):
        i = self.a.instance(r['InstanceId'])
        out = None
        if i['state'] == 'running':
            text = ('Cloud-init v. 22.4 running \'modules:final\'\n'
                    'ci-info: no authorized SSH keys fingerprints found for user ubuntu.\n'
                    '-----BEGIN SSH HOST KEY KEYS-----\n%s root@%s\n'
                    '-----END SSH HOST KEY KEYS-----\n'
                    'Cloud-init v. 22.4 finished\n' % (i['host_key'], i['private_ip']))
            out = base64.b64encode(text.encode()).decode()
        return {'InstanceId': i['id'], 'Output': out, 'Timestamp': iso(time.time())}

    # ---- tags ---------------------------------------------------------------------------
    def _resource(self, rid):
        a = self.a
        prefix = rid.split('-')[0]
        table = {'i': (a.instances, 'InvalidInstanceID.NotFound'),
                 'sg': (a.groups, 'InvalidGroup.NotFound'),
                 'vol': (a.volumes, 'InvalidVolume.NotFound'),
                 'sir': (a.spots, 'InvalidSpotInstanceRequestID.NotFound')}.get(prefix)
        if table is None:
            raise ApiError('InvalidID', 'The ID \'%s\' is not valid' % rid)
        return a._lookup(table[0], rid, table[1])

    def CreateTags(self, r):
        resources = [self._resource(rid) for rid in r['Resources']]
        for t in r['Tags']:
            if len(t['Key']) > 128 or len(t.get('Value', '')) > 256:
                raise ApiError('InvalidParameterValue', 'Tag value exceeds the maximum length of 256')
        for res in resources:
            for t in r['Tags']:
                res['tags'][t['Key']] = t.get('Value', '')
            if len(res['tags']) > 50:
                raise ApiError('TagLimitExceeded', 'The maximum number of tags (50) was exceeded')
        return None

    def DeleteTags(self, r):
        for rid in r['Resources']:
            res = self._resource(rid)
            for t in r.get('Tags', []):
                res['tags'].pop(t['Key'], None)
        return None

    # ---- security groups ----------------------------------------------------------------
    def CreateSecurityGroup(self, r):
        a = self.a
        name = r['GroupName']
        if any(g['name'] == name for g in a.groups.values()):
            raise ApiError('InvalidGroup.Duplicate', 'The security group \'%s\' already exists for '
                           'VPC \'%s\'' % (name, r.get('VpcId') or 'vpc-0fake0000000000001'))
        g = a._new_group(name, r['Description'], r.get('VpcId') or 'vpc-0fake0000000000001')
        g['tags'].update(tags_of(r, 'security-group'))
        return {'GroupId': g['id']}

    def _group(self, r):
        if r.get('GroupId'):
            return self.a._lookup(self.a.groups, r['GroupId'], 'InvalidGroup.NotFound')
        return self.a.group_by_name(r.get('GroupName', ''))

    def _pairs(self, perm):
        pairs = [('cidr', x['CidrIp']) for x in perm.get('IpRanges', [])]
        for p in perm.get('UserIdGroupPairs', []):
            gid = p.get('GroupId') or self.a.group_by_name(p['GroupName'])['id']
            self.a._lookup(self.a.groups, gid, 'InvalidGroup.NotFound')
            pairs.append(('group', gid))
        return pairs

    def AuthorizeSecurityGroupIngress(self, r):
        g = self._group(r)
        new = [rule_key(p, pair) for p in r.get('IpPermissions', []) for pair in self._pairs(p)]
        for k in new:
            if k in g['rules']:
                raise ApiError('InvalidPermission.Duplicate', 'the specified rule "peer: %s, %s, '
                               'from port: %s, to port: %s, ALLOW" already exists'
                               % (k[3][1], k[0].upper(), k[1], k[2]))
        g['rules'].extend(new)
        return {'Return': True}

    def RevokeSecurityGroupIngress(self, r):
        g = self._group(r)
        gone = [rule_key(p, pair) for p in r.get('IpPermissions', []) for pair in self._pairs(p)]
        for k in gone:
            if k not in g['rules']:
                raise ApiError('InvalidPermission.NotFound', 'The specified rule does not exist in '
                               'this security group.')
        for k in gone:
            g['rules'].remove(k)
        return {'Return': True}

    def DeleteSecurityGroup(self, r):
        a = self.a
        g = self._group(r)
        users = [i['id'] for i in a.instances.values()
                 if i['state'] != 'terminated' and any(x['id'] == g['id'] for x in i['groups'])]
        if users:
            raise ApiError('DependencyViolation', 'resource %s has a dependent object' % g['id'])
        del a.groups[g['id']]
        return None

    def _group_dict(self, g):
        perms = []
        for (proto, lo, hi, (kind, src)) in g['rules']:
            p = {'IpProtocol': proto, 'IpRanges': [], 'UserIdGroupPairs': []}
            if proto != '-1':
                p['FromPort'], p['ToPort'] = lo, hi
            if kind == 'cidr':
                p['IpRanges'].append({'CidrIp': src})
            else:
                p['UserIdGroupPairs'].append({'GroupId': src, 'UserId': OWNER})
            perms.append(p)
        return {'GroupId': g['id'], 'GroupName': g['name'], 'Description': g['description'],
                'VpcId': g['vpc'], 'OwnerId': OWNER, 'IpPermissions': perms,
                'IpPermissionsEgress': [{'IpProtocol': '-1', 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}],
                'Tags': tag_list(g['tags'])}

    def DescribeSecurityGroups(self, r):
        a = self.a
        if (r.get('GroupIds') or r.get('GroupNames')) and r.get('MaxResults'):
            raise ApiError('InvalidParameterCombination', 'MaxResults cannot be used with group ids')
        groups = [a._lookup(a.groups, gid, 'InvalidGroup.NotFound') for gid in r.get('GroupIds', [])]
        groups += [a.group_by_name(n) for n in r.get('GroupNames', [])]
        if not r.get('GroupIds') and not r.get('GroupNames'):
            groups = [g for g in a.groups.values() if a.visible(g)]

        def values(g, name):
            tv = tag_filter_values(g['tags'], name)
            if tv is not None:
                return tv
            simple = {'group-name': [g['name']], 'group-id': [g['id']], 'vpc-id': [g['vpc']],
                      'description': [g['description']]}
            return simple[name] if name in simple else bad_filter(name)
        groups = apply_filters(groups, r.get('Filters', []), values)
        page, nxt = a.page([self._group_dict(g) for g in groups], r)
        return {'SecurityGroups': page, 'NextToken': nxt}

    # ---- placement groups ---------------------------------------------------------------
    def CreatePlacementGroup(self, r):
        name = r.get('GroupName', '')
        if name in self.a.placement_groups:
            raise ApiError('InvalidPlacementGroup.Duplicate', 'The Placement Group \'%s\' already exists.' % name)
        self.a.placement_groups[name] = {'name': name, 'strategy': r.get('Strategy', 'cluster'),
                                         'id': self.a.new_id('pg'), 'born': time.time()}
        return {'PlacementGroup': {'GroupName': name, 'State': 'available',
                                   'Strategy': r.get('Strategy', 'cluster')}}

    def DeletePlacementGroup(self, r):
        name = r['GroupName']
        if name not in self.a.placement_groups:
            raise ApiError('InvalidPlacementGroup.Unknown', 'The Placement Group \'%s\' is unknown.' % name)
        if any(i['placement_group'] == name and i['state'] != 'terminated'
               for i in self.a.instances.values()):
            raise ApiError('InvalidPlacementGroup.InUse', 'The placement group \'%s\' is in use' % name)
        del self.a.placement_groups[name]
        return None

    def DescribePlacementGroups(self, r):
        names = r.get('GroupNames') or list(self.a.placement_groups)
        out = []
        for n in names:
            pg = self.a.placement_groups.get(n)
            if pg is None:
                raise ApiError('InvalidPlacementGroup.Unknown', 'The Placement Group \'%s\' is unknown.' % n)
            out.append({'GroupName': n, 'State': 'available', 'Strategy': pg['strategy'],
                        'GroupId': pg['id']})
        return {'PlacementGroups': out}

    # ---- key pairs ----------------------------------------------------------------------
    def _add_key(self, name, fingerprint, public):
        if name in self.a.keys:
            raise ApiError('InvalidKeyPair.Duplicate', 'The keypair \'%s\' already exists.' % name)
        self.a.keys[name] = {'name': name, 'fingerprint': fingerprint, 'id': self.a.new_id('key'),
                             'public': public}
        return self.a.keys[name]

    def CreateKeyPair(self, r):
        material = ('-----BEGIN RSA PRIVATE KEY-----\n%s\n-----END RSA PRIVATE KEY-----'
                    % base64.b64encode(hashlib.sha512(r['KeyName'].encode()).digest()).decode())
        fp = ':'.join('%02x' % b for b in hashlib.sha1(material.encode()).digest())
        k = self._add_key(r['KeyName'], fp, None)
        return {'KeyName': k['name'], 'KeyFingerprint': fp, 'KeyMaterial': material,
                'KeyPairId': k['id']}

    def ImportKeyPair(self, r):
        material = r['PublicKeyMaterial'].decode(errors='replace').strip()
        parts = material.split()
        try:
            blob = base64.b64decode(parts[1], validate=True)
        except Exception:
            blob = None
        if len(parts) < 2 or not parts[0].startswith(('ssh-', 'ecdsa-')) or not blob:
            raise ApiError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format')
        fp = ':'.join('%02x' % b for b in hashlib.md5(blob).digest())
        k = self._add_key(r['KeyName'], fp, material)
        return {'KeyName': k['name'], 'KeyFingerprint': fp, 'KeyPairId': k['id']}

    def DescribeKeyPairs(self, r):
        names = r.get('KeyNames') or sorted(self.a.keys)
        for n in names:
            if n not in self.a.keys:
                raise ApiError('InvalidKeyPair.NotFound', 'The key pair \'%s\' does not exist' % n)
        return {'KeyPairs': [{'KeyName': n, 'KeyFingerprint': self.a.keys[n]['fingerprint'],
                              'KeyPairId': self.a.keys[n]['id']} for n in names]}

    def DeleteKeyPair(self, r):
        self.a.keys.pop(r.get('KeyName'), None)
        return {'Return': True}

    # ---- volumes ------------------------------------------------------------------------
    def _volume(self, vid):
        return self.a._lookup(self.a.volumes, vid, 'InvalidVolume.NotFound')

    def _volume_dict(self, v):
        att = []
        if v.get('instance'):
            att.append({'VolumeId': v['id'], 'InstanceId': v['instance'], 'Device': v['device'],
                        'State': 'attached', 'AttachTime': iso(v['born']),
                        'DeleteOnTermination': v['delete_on_termination']})
        return {'VolumeId': v['id'], 'Size': v['size'], 'AvailabilityZone': v['zone'],
                'State': v['state'], 'CreateTime': iso(v['born']), 'Attachments': att,
                'Tags': tag_list(v['tags']), 'VolumeType': 'gp2', 'Encrypted': False,
                'SnapshotId': ''}

    def CreateVolume(self, r):
        check_tag_types(r, ('volume',))
        zone = r['AvailabilityZone']
        self._check_zone(zone)
        size = r.get('Size')
        if not size or size < 1 or size > 16384:
            raise ApiError('InvalidParameterValue', 'Volume size must be between 1 and 16384 GiB')
        vid = self.a.new_id('vol')
        v = {'id': vid, 'size': size, 'zone': zone, 'state': 'creating', 'instance': None,
             'device': None, 'born': time.time(), 'tags': tags_of(r, 'volume'),
             'delete_on_termination': False, 'root': False}
        self.a.volumes[vid] = v
        return self._volume_dict(v)

    def DescribeVolumes(self, r):
        a = self.a
        if r.get('VolumeIds') and r.get('MaxResults'):
            raise ApiError('InvalidParameterCombination', 'MaxResults cannot be used with volume ids')
        vols = [self._volume(v) for v in r.get('VolumeIds', [])] or \
            [v for v in a.volumes.values() if a.visible(v)]

        def values(v, name):
            tv = tag_filter_values(v['tags'], name)
            if tv is not None:
                return tv
            simple = {'volume-id': [v['id']], 'status': [v['state']],
                      'availability-zone': [v['zone']],
                      'attachment.instance-id': [v['instance'] or '']}
            return simple[name] if name in simple else bad_filter(name)
        vols = apply_filters(vols, r.get('Filters', []), values)
        page, nxt = a.page([self._volume_dict(v) for v in vols], r)
        return {'Volumes': page, 'NextToken': nxt}

    def AttachVolume(self, r):
        v = self._volume(r['VolumeId'])
        i = self.a.instance(r['InstanceId'])
        if v['state'] != 'available':
            raise ApiError('IncorrectState', 'vol \'%s\' is not \'available\'.' % v['id'])
        if v['zone'] != i['zone']:
            raise ApiError('InvalidVolume.ZoneMismatch', 'The volume \'%s\' is not in the same '
                           'availability zone as instance \'%s\'' % (v['id'], i['id']))
        if i['state'] not in ('running', 'stopped'):
            raise ApiError('IncorrectState', 'Instance \'%s\' is not \'running\'.' % i['id'])
        v.update(instance=i['id'], device=r['Device'], state='in-use')
        return {'VolumeId': v['id'], 'InstanceId': i['id'], 'Device': r['Device'],
                'State': 'attaching', 'AttachTime': iso(time.time())}

    def DetachVolume(self, r):
        v = self._volume(r['VolumeId'])
        if not v.get('instance'):
            raise ApiError('IncorrectState', 'Volume \'%s\' is in the \'available\' state.' % v['id'])
        inst = self.a.instances.get(v['instance'])
        if v['root'] and inst and inst['state'] != 'stopped':
            raise ApiError('IncorrectState', 'Unable to detach root volume \'%s\' from instance '
                           '\'%s\'' % (v['id'], inst['id']))
        out = {'VolumeId': v['id'], 'InstanceId': v['instance'], 'Device': v['device'],
               'State': 'detaching', 'AttachTime': iso(v['born'])}
        v.update(instance=None, device=None, state='available')
        return out

    def DeleteVolume(self, r):
        v = self._volume(r['VolumeId'])
        if v['state'] != 'available':
            raise ApiError('VolumeInUse', 'Volume %s is currently attached to %s' % (v['id'], v['instance']))
        del self.a.volumes[v['id']]
        return None

    # ---- spot ---------------------------------------------------------------------------
    def RequestSpotInstances(self, r):
        a = self.a
        check_tag_types(r, ('spot-instances-request',))
        spec = r.get('LaunchSpecification', {})
        if spec.get('ImageId') not in IMAGES:
            raise ApiError('InvalidAMIID.NotFound', 'The image id \'[%s]\' does not exist' % spec.get('ImageId'))
        if spec.get('InstanceType') not in INSTANCE_TYPES:
            raise ApiError('InvalidParameterValue', 'Invalid value \'%s\' for InstanceType.' % spec.get('InstanceType'))
        price = float(r['SpotPrice'])
        out = []
        for _ in range(r.get('InstanceCount', 1)):
            sid = 'sir-%08x' % next(a.ids)
            s = {'id': sid, 'state': 'open', 'status': 'pending-evaluation', 'price': price,
                 'spec': spec, 'launch_group': r.get('LaunchGroup', ''), 'instance': None,
                 'tags': tags_of(r, 'spot-instances-request'), 'born': time.time()}
            a.spots[sid] = s
            out.append(self._spot_dict(s))
        return {'SpotInstanceRequests': out}

    def _spot_dict(self, s):
        return {'SpotInstanceRequestId': s['id'], 'State': s['state'], 'SpotPrice': '%g' % s['price'],
                'Type': 'one-time', 'LaunchGroup': s['launch_group'] or None,
                'InstanceId': s['instance'], 'Tags': tag_list(s['tags']),
                'Status': {'Code': s['status']}, 'CreateTime': iso(s['born']),
                'ProductDescription': 'Linux/UNIX',
                'LaunchSpecification': {'ImageId': s['spec'].get('ImageId'),
                                        'InstanceType': s['spec'].get('InstanceType')}}

    def DescribeSpotInstanceRequests(self, r):
        a = self.a
        spots = [a._lookup(a.spots, s, 'InvalidSpotInstanceRequestID.NotFound')
                 for s in r.get('SpotInstanceRequestIds', [])] or \
            [s for s in a.spots.values() if a.visible(s)]

        def values(s, name):
            tv = tag_filter_values(s['tags'], name)
            if tv is not None:
                return tv
            simple = {'spot-instance-request-id': [s['id']], 'state': [s['state']],
                      'launch-group': [s['launch_group']], 'instance-id': [s['instance'] or '']}
            return simple[name] if name in simple else bad_filter(name)
        spots = apply_filters(spots, r.get('Filters', []), values)
        page, nxt = a.page([self._spot_dict(s) for s in spots], r)
        return {'SpotInstanceRequests': page, 'NextToken': nxt}

    def CancelSpotInstanceRequests(self, r):
        out = []
        for sid in r['SpotInstanceRequestIds']:
            s = self.a._lookup(self.a.spots, sid, 'InvalidSpotInstanceRequestID.NotFound')
            if s['state'] in ('open', 'active'):
                s['state'] = 'cancelled'
            out.append({'SpotInstanceRequestId': sid, 'State': s['state']})
        return {'CancelledSpotInstanceRequests': out}

    # ---- catalogue ----------------------------------------------------------------------
    def DescribeImages(self, r):
        ids = r.get('ImageIds') or sorted(IMAGES)
        out = []
        for i in ids:
            if i not in IMAGES:
                raise ApiError('InvalidAMIID.NotFound', 'The image id \'[%s]\' does not exist' % i)
            arch, root_type, root_dev, virt, name = IMAGES[i]
            out.append({'ImageId': i, 'Name': name, 'Architecture': arch, 'RootDeviceType': root_type,
                        'RootDeviceName': root_dev, 'VirtualizationType': virt, 'State': 'available',
                        'Public': True, 'OwnerId': OWNER, 'ImageType': 'machine',
                        'CreationDate': '2024-01-01T00:00:00.000Z'})
        return {'Images': out}

    def DescribeInstanceTypes(self, r):
        names = r.get('InstanceTypes') or sorted(INSTANCE_TYPES)
        unknown = [n for n in names if n not in INSTANCE_TYPES]
        if unknown:
            raise ApiError('InvalidInstanceType', 'The following supplied instance types do not '
                           'exist: [%s]' % ', '.join(unknown))
        out = []
        for n in names:
            archs, vcpus, mem, strategies = INSTANCE_TYPES[n]
            out.append({'InstanceType': n, 'CurrentGeneration': n != 'm1.small',
                        'SupportedUsageClasses': ['on-demand', 'spot'],
                        'SupportedRootDeviceTypes': ['ebs'], 'SupportedVirtualizationTypes': ['hvm'],
                        'ProcessorInfo': {'SupportedArchitectures': archs},
                        'VCpuInfo': {'DefaultVCpus': vcpus}, 'MemoryInfo': {'SizeInMiB': mem},
                        'PlacementGroupInfo': {'SupportedStrategies': strategies}})
        page, nxt = self.a.page(out, r)
        return {'InstanceTypes': page, 'NextToken': nxt}

    def DescribeRegions(self, r):
        return {'Regions': [{'RegionName': n, 'Endpoint': 'ec2.%s.amazonaws.com' % n,
                             'OptInStatus': 'opt-in-not-required'} for n in REGIONS]}

    def DescribeAvailabilityZones(self, r):
        return {'AvailabilityZones': [{'ZoneName': self.a.region + s, 'State': 'available',
                                       'RegionName': self.a.region, 'Messages': []}
                                      for s in 'abc']}
